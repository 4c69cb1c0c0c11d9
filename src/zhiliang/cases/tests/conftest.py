"""Fixtures of the case tests: a bureau, an enterprise, an equipment unit, ready-made cases."""

from datetime import date, datetime

import pytest
from django.utils import timezone


def at(*args) -> datetime:
    """A local (Asia/Shanghai) time."""
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def make_accident(clerk, firm):
    from zhiliang.cases.services import accident_report

    def make(**data):
        data.setdefault("enterprise", firm)
        data.setdefault("title", "压力容器爆炸")
        data.setdefault("opened_at", at(2026, 3, 2, 9, 0))
        data.setdefault("reported_at", at(2026, 3, 2, 9, 40))
        return accident_report(actor=clerk, data=data)

    return make


@pytest.fixture
def make_supervised(office, clerk, firm):
    """常州市 lists a case of 武进区's bureau (the clerk's)."""
    from zhiliang.cases.services import supervised_list

    counter = {"n": 0}

    def make(**data):
        counter["n"] += 1
        data.setdefault("number", f"常市监督〔2026〕{counter['n']}号")
        data.setdefault("title", "生产销售不合格电线电缆案")
        data.setdefault("enterprise", firm)
        data.setdefault("violation", "生产不符合国家标准的电线电缆")
        data.setdefault("office", clerk.organization)
        data.setdefault("opened_at", at(2026, 3, 2, 10, 0))
        data.setdefault("due_on", date(2026, 6, 30))
        data.setdefault("listed_at", at(2026, 3, 3, 9, 0))
        return supervised_list(actor=office, data=data)

    return make
