"""Each indicator of cases/indicators.yaml against a count done by hand."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from zhiliang.cases import services
from zhiliang.cases.tests.conftest import at
from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


def value(code, period="2026", region="320412"):
    v = IndicatorValue.objects.get(indicator__code=code, period=period, region__code=region)
    return v.numerator, v.value


def test_accidents_by_grade_casualties_and_supervised_on_time(
    make_accident, make_supervised, clerk
):
    make_accident(deaths=3, injuries=2, opened_at=at(2026, 2, 1, 8), reported_at=at(2026, 2, 1, 9))
    make_accident(deaths=0, injuries=1, opened_at=at(2026, 3, 1, 8), reported_at=at(2026, 3, 1, 9))
    make_accident(
        deaths=1, injuries=0, opened_at=at(2025, 12, 1, 8), reported_at=at(2025, 12, 1, 9)
    )
    on_time = make_supervised(due_on=date(2026, 5, 30))
    make_supervised(due_on=date(2026, 4, 30))  # never closed: late
    for stage, day in (("filed", 5), ("investigating", 6)):
        services.case_advance(actor=clerk, case=on_time, to=stage, at=at(2026, 3, day, 10))
    services.case_advance(actor=clerk, case=on_time, to="closed", at=at(2026, 5, 20, 10))
    catalogue_load([Path(__file__).resolve().parent.parent / "indicators.yaml"])
    engine.compute(
        periods=[P.parse("2026")],
        codes=[
            "cases.accidents",
            "cases.larger_accidents",
            "cases.accident_deaths",
            "cases.accident_injuries",
            "cases.supervised_on_time_rate",
        ],
    )
    assert value("cases.accidents")[0] == 2
    assert value("cases.larger_accidents")[0] == 1
    assert value("cases.accident_deaths")[0] == 3
    assert value("cases.accident_injuries")[0] == 3
    assert value("cases.supervised_on_time_rate")[1] == Decimal("50")
