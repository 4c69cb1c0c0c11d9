"""Fixtures of the credit tests: enterprises and source records made through the services."""

from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise(
        "320412", established_on=date(2020, 1, 1)
    )  # 3–10 years: no attribute weight


@pytest.fixture
def make_penalty(clerk):
    from zhiliang.penalties import services

    counter = {"n": 0}

    def make(enterprise, **data):
        counter["n"] += 1
        data.setdefault("kind", "fine")
        data.setdefault("fine_amount", Decimal("50000") if data["kind"] == "fine" else None)
        data.setdefault("decided_on", date(2025, 3, 3))
        base = {
            "enterprise": enterprise,
            "decision_number": f"常武市监罚〔2025〕{counter['n']}号",
            "enforcing_body": clerk.organization,
            "legal_basis": "产品质量法第四十九条",
        }
        return services.penalty_create(actor=clerk, data={**base, **data})

    return make
