"""Each equipment indicator computed by the engine against a count by hand (2024, 武进区)."""

from datetime import date
from decimal import Decimal

import pytest

from zhiliang.core.models import Region
from zhiliang.equipment.models import InspectionDue
from zhiliang.equipment.services import unit_set_override, unit_update

from .conftest import id_number


def compute(code: str, region: str, period: str = "2024"):
    from zhiliang.indicators import engine
    from zhiliang.indicators import periods as P
    from zhiliang.indicators.models import IndicatorValue
    from zhiliang.indicators.services import indicators_load

    indicators_load()
    engine.compute(periods=[P.parse(period)], codes=[code])
    value = IndicatorValue.objects.get(indicator__code=code, region__code=region, period=period)
    return value.numerator, value.denominator, value.value


def test_the_formula_is_in_the_catalogue(db):
    from zhiliang.indicators.models import Indicator
    from zhiliang.indicators.services import indicators_load

    indicators_load()
    rate = Indicator.objects.get(code="equipment.registration_rate")
    assert rate.definition["formula"].startswith("期末在用且已办理使用登记的特种设备台数")


def test_registration_rate(make_unit, clerk):
    d = date
    make_unit(
        "4300",
        in_service_on=d(2020, 1, 1),
        accepted_on=d(2020, 1, 1),
        registered_on=d(2020, 2, 1),
        registration_number="R1",
    )  # counts
    make_unit("4300", accepted_on=d(2021, 6, 1), registered_on=None)  # in use, unregistered
    scrapped = make_unit(
        "4300", accepted_on=d(2022, 1, 1), registered_on=d(2022, 1, 10), registration_number="R3"
    )
    unit_update(
        actor=clerk, unit=scrapped, data={"status": "scrapped", "retired_on": d(2023, 5, 1)}
    )
    make_unit(
        "4300", accepted_on=d(2024, 12, 15), registered_on=d(2025, 1, 10), registration_number="R4"
    )  # in use at the end of 2024, registered after it
    make_unit(
        "4300",
        region_code="320412002",
        accepted_on=d(2019, 1, 1),
        registered_on=d(2019, 2, 1),
        registration_number="R5",
    )
    make_unit("4300", accepted_on=d(2025, 3, 1))  # entered service after 2024
    # By hand, 武进区 at 2024-12-31: in use 1, 2, 4, 5 → 4; registered by then 1, 5 → 2.
    assert compute("equipment.registration_rate", "320412") == (2, 4, Decimal("50.0000"))
    assert compute("equipment.registration_rate", "320412002")[:2] == (1, 1)


def test_inspection_on_time_rate(make_unit):
    a = make_unit("4300")
    b = make_unit("4300", region_code="320412002")
    w, x = Region.objects.get(code="320412001"), Region.objects.get(code="320412002")
    rows = [
        (a, w, date(2024, 3, 1), date(2024, 2, 20)),  # early: on time
        (a, w, date(2024, 5, 1), date(2024, 5, 1)),  # on the day: on time
        (a, w, date(2024, 7, 1), date(2024, 8, 1)),  # late
        (a, w, date(2024, 9, 1), None),  # open
        (a, w, date(2023, 12, 31), date(2023, 12, 1)),  # another year
        (b, x, date(2024, 10, 1), date(2024, 9, 30)),  # on time, another township
    ]
    InspectionDue.objects.bulk_create(
        InspectionDue(unit=u, region=r, due_on=due, inspected_on=done) for u, r, due, done in rows
    )
    # By hand, 2024 in 武进区: due 5 (Mar, May, Jul, Sep, Oct), on time 3 (Mar, May, Oct).
    assert compute("equipment.inspection_on_time_rate", "320412") == (3, 5, Decimal("60.0000"))


def test_inspection_rate_from_recorded_inspections(make_unit, clerk):
    from zhiliang.equipment.services import inspection_record, units_refresh_due

    unit = make_unit("4300", accepted_on=date(2023, 2, 1), today=date(2023, 3, 1))  # due 2024-02-01
    other = make_unit("4300", accepted_on=date(2023, 4, 1), today=date(2023, 5, 1))  # 2024-04-01
    unit_set_override(
        actor=clerk,
        unit=other,
        reason="检验机构意见",
        due_on=date(2024, 6, 1),
        today=date(2023, 5, 1),
    )
    body = {"inspection_body": "常州特检院", "conclusion": "pass"}
    inspection_record(
        actor=clerk,
        today=date(2024, 1, 20),
        data={"unit": unit, "inspected_on": date(2024, 1, 20), "report_number": "1", **body},
    )
    units_refresh_due(today=date(2024, 7, 1))  # other's 2024-06-01 has arrived, uninspected
    assert compute("equipment.inspection_on_time_rate", "320412") == (1, 2, Decimal("50.0000"))


def test_operators_certified_rate(make_operator, clerk):
    from zhiliang.equipment.services import operator_update

    make_operator(issued_on=date(2022, 1, 1))  # valid until 2026-01-01
    make_operator(issued_on=date(2020, 6, 1))  # expired 2024-06-01
    make_operator(
        id_number=id_number("19880808", 9),
        certificate_number="",
        items="",
        issued_on=None,
        recorded_on=date(2024, 3, 1),
    )  # no certificate
    left = make_operator(issued_on=date(2023, 1, 1))
    operator_update(actor=clerk, operator=left, data={"left_on": date(2024, 10, 1)})
    make_operator(issued_on=date(2025, 1, 5))  # after the period
    # By hand at 2024-12-31: operators 1, 2, 3 → 3; with a valid certificate: 1.
    n, d, value = compute("operators.certified_rate", "320412")
    assert (n, d) == (1, 3) and value == pytest.approx(Decimal("33.3333"), abs=Decimal("0.001"))
