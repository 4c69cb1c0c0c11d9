"""Equipment fixtures: units and operators made through the services, as users make them."""

from datetime import date

import pytest


def id_number(birth: str, seq: int = 1) -> str:
    """A valid resident ID (check digit computed) for a 常州 birth date YYYYMMDD."""
    from stdnum.cn import ric

    body = f"320402{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


ADULT_ID = id_number("19850515", 7)
MINOR_ID = id_number("20120101", 1)


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("320412001", name="武进甲机械有限公司", contact_phone="13912345678")


@pytest.fixture
def make_unit(clerk, firm, make_user):
    from zhiliang.core.models import Region
    from zhiliang.equipment.services import unit_create

    counter = {"n": 0}

    def make(
        code="3110", region_code="320412001", enterprise=None, today=None, actor=None, **fields
    ):
        counter["n"] += 1
        fields.setdefault("register_code", f"31103204{counter['n']:06d}")
        fields.setdefault("accepted_on", date(2020, 3, 10))
        fields.setdefault("in_service_on", fields["accepted_on"])
        if "registered_on" not in fields:
            fields["registered_on"] = fields["in_service_on"]
            fields.setdefault("registration_number", f"梯11苏D{counter['n']:05d}(20)")
        if actor is None and region_code[:6] != "320412":  # a clerk of that district
            actor = make_user("office_staff", region_code[:6])
        return unit_create(
            actor=actor or clerk,
            data={
                "catalogue_code": code,
                "enterprise": enterprise or firm,
                "region": Region.objects.get(code=region_code),
                **fields,
            },
            today=today or date(2021, 2, 1),
        )

    return make


@pytest.fixture
def make_operator(clerk, firm, make_user):
    from zhiliang.equipment.services import operator_create

    counter = {"n": 0}

    def make(employer=None, **fields):
        counter["n"] += 1
        fields.setdefault("id_number", id_number("19900307", counter["n"]))
        fields.setdefault("name", f"作业员{counter['n']}")
        fields.setdefault("certificate_number", f"TS{counter['n']:06d}")
        fields.setdefault("items", "N1")
        fields.setdefault("issued_on", date(2023, 5, 1))
        employer = employer or firm
        actor = clerk
        if employer.region.code[:6] != "320412":  # a clerk of that district
            actor = make_user("office_staff", employer.region.code[:6])
        return operator_create(actor=actor, data={"employer": employer, **fields})

    return make
