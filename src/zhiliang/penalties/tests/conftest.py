"""Fixtures of the penalty tests: a bureau and ready-made records through the services."""

from datetime import date

import pytest


@pytest.fixture
def make_penalty(clerk, bureau, firm):
    from zhiliang.penalties.services import penalty_create

    counter = {"n": 0}

    def make(**data):
        counter["n"] += 1
        data.setdefault("enterprise", firm)
        data.setdefault("enforcing_body", bureau)
        data.setdefault("decision_number", f"常武市监罚〔2025〕{counter['n']}号")
        data.setdefault("legal_basis", "《中华人民共和国产品质量法》第五十条")
        data.setdefault("kind", "fine")
        data.setdefault("fine_amount", 50000)
        data.setdefault("decided_on", date(2025, 3, 3))
        return penalty_create(actor=clerk, data=data)

    return make


@pytest.fixture
def make_listing(clerk, bureau, firm):
    from zhiliang.penalties.services import listing_create

    def make(**data):
        data.setdefault("enterprise", firm)
        data.setdefault("deciding_body", bureau)
        data.setdefault("reason", "annual_report")
        data.setdefault("legal_basis", "《企业信息公示暂行条例》第八条")
        data.setdefault("listed_on", date(2025, 7, 1))
        return listing_create(actor=clerk, data=data)

    return make


@pytest.fixture
def make_serious(clerk, bureau, firm):
    """A proposal through the service; `to=` walks it on to a later step (dates in the
    past, relative to today, so that each step is possible)."""
    from datetime import timedelta

    from django.utils import timezone

    from zhiliang.penalties import serious_services as s

    def make(to="proposed", start=None, **data):
        start = start or timezone.localdate() - timedelta(days=800)
        data.setdefault("enterprise", firm)
        data.setdefault("deciding_body", bureau)
        data.setdefault("category", "quality")
        data.setdefault("legal_basis", "《市场监督管理严重违法失信名单管理办法》第七条")
        data.setdefault("proposed_on", start)
        listing = s.serious_propose(actor=clerk, data=data)
        steps = ["notified", "decided", "published"]
        if to == "proposed":
            return listing
        s.serious_notify(actor=clerk, listing=listing, on=start + timedelta(days=1))
        if to == steps[0]:
            return listing
        s.serious_decide(actor=clerk, listing=listing, on=start + timedelta(days=14),
                         decision_number="常武市监严〔2024〕1号")  # fmt: skip
        if to == steps[1]:
            return listing
        s.serious_publish(actor=clerk, listing=listing, on=start + timedelta(days=20))
        return listing

    return make
