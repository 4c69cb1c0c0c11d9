"""Fixtures of the complaints tests."""

from datetime import date

import pytest

FRIDAY = date(2026, 3, 6)


@pytest.fixture
def complaint_data(make_enterprise):
    """`complaint_data(**changes)`: a valid `data=` for complaint_create in 武进区."""
    firm = {}

    def make(**changes):
        if "enterprise" not in firm:
            firm["enterprise"] = make_enterprise("320412001")
        data = {
            "number": "1320412202603060001",
            "received_on": FRIDAY,
            "channel": "12315_hotline",
            "complainant_name": "王小明",
            "complainant_phone": "13912345678",
            "product_name": "电热水壶",
            "enterprise": firm["enterprise"],
            "category": "quality",
            "description": "底座漏水",
        }
        data.update(changes)
        return data

    return make


@pytest.fixture
def make_complaint(clerk, complaint_data):
    from zhiliang.complaints.services import complaint_create

    counter = {"n": 0}

    def make(actor=None, **changes):
        counter["n"] += 1
        changes.setdefault("number", f"T{counter['n']:06d}")
        return complaint_create(actor=actor or clerk, data=complaint_data(**changes))

    return make
