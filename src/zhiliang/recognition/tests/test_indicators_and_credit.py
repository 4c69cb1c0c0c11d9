"""The registry's indicators computed by the engine (checked by hand), and award and
brand holders as positive credit records."""

from datetime import date

import pytest

from zhiliang.credit.sources import all_sources
from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.tests.conftest import value
from zhiliang.recognition.models import Holder

pytestmark = pytest.mark.django_db


def _holder(
    firm,
    kind,
    level="city",
    grade="",
    status="valid",
    start=date(2024, 3, 1),
    until=date(2027, 3, 1),
    product="",
):
    return Holder.objects.create(
        kind=kind,
        enterprise=firm,
        region=firm.region,
        level=level,
        grade=grade,
        year=start.year,
        valid_from=start,
        valid_until=until,
        status=status,
        product=product,
    )


def test_counts_by_level_distinct_enterprises_and_revoked_left_out(make_enterprise):
    catalogue_load()
    a, b, c = (make_enterprise("320412") for _ in range(3))
    d = make_enterprise("320411")
    _holder(a, "brand", "provincial", product="电机")
    _holder(a, "brand", "city", product="水泵")
    _holder(b, "brand", "city", product="阀门", status="revoked")
    _holder(d, "brand", "city", product="轴承")
    _holder(c, "brand", "city", product="旧", until=date(2024, 12, 1))  # ended in the year
    _holder(a, "award")
    _holder(a, "nomination")
    _holder(b, "credit_grade", grade="AA")
    _holder(c, "credit_grade", grade="A")
    _holder(d, "standardization", "provincial", grade="AAA")
    engine.compute(periods=[P.year(2025)])
    assert value("recognition.brand_products", "320412", "2025").value == 2
    assert value("recognition.brand_products", "3204", "2025").value == 3  # rolled up
    assert value("recognition.brand_products_provincial", "320412", "2025").value == 1
    assert value("recognition.brand_products_city", "3204", "2025").value == 2
    assert value("recognition.award_enterprises", "320412", "2025").value == 1
    assert value("recognition.credit_aa_enterprises", "320412", "2025").value == 1
    assert value("recognition.standardization_enterprises", "3204", "2025").value == 1


def test_award_and_brand_titles_are_positive_credit_records(make_enterprise):
    a, b = make_enterprise("320412"), make_enterprise("320412")
    _holder(a, "award")
    _holder(b, "credit_grade", grade="AAA")
    _source, select = all_sources()["recognition_title"]
    rows = list(select(None, date(2025, 6, 1)))
    assert [r["r_enterprise"] for r in rows] == [a.pk]
    assert rows[0]["r_ended"] == date(2027, 3, 1)
