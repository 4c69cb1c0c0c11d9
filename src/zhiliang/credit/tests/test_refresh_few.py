"""One enterprise's records in two statements give what the per-source pass gives."""

from datetime import date

import pytest

from zhiliang.credit import services
from zhiliang.credit.models import CreditRecord

pytestmark = pytest.mark.django_db
FIELDS = ("enterprise_id", "kind", "detail", "occurred_on", "source_pk", "source_model")


def _records():
    return sorted(CreditRecord.objects.values_list(*FIELDS))


def test_the_few_path_matches_the_full_pass(firm, make_enterprise, make_penalty, clerk):
    from decimal import Decimal

    from zhiliang.infrastructure.services import appointment_create, training_create
    from zhiliang.penalties.services import penalty_overturn

    other = make_enterprise("320412")
    cqo = appointment_create(
        actor=clerk, data={"enterprise": other, "person": "李四", "appointed_on": date(2023, 6, 1)}
    )
    training_create(actor=clerk, data={
        "appointment": cqo, "course": "首席质量官任职培训", "trained_on": date(2024, 1, 1),
        "hours": Decimal(32), "certificate_number": "JS2024001",
    })  # fmt: skip
    make_penalty(firm, kind="warning")
    gone = make_penalty(firm, kind="fine")
    make_penalty(other, kind="fine")
    services.credit_records_refresh()
    full = _records()
    CreditRecord.objects.all().delete()
    for enterprise in (firm, other):
        services.credit_records_refresh(enterprise_ids=[enterprise.pk])
    assert _records() == full and len(full) == 4
    penalty_overturn(actor=clerk, penalty=gone, on=date(2025, 4, 1), reason="复议撤销")
    assert services.credit_records_refresh(enterprise_ids=[firm.pk]) == 1  # the warning
    assert services.credit_records_refresh(enterprise_ids=[firm.pk]) == 1  # idempotent
    assert {k for _e, k, *_ in _records()} == {"penalty", "cqo_trained"}
