"""The sampling indicators of inspections/indicators.yaml, computed by the engine on a small
fixture and checked against counts made by hand."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from zhiliang.enterprises.models import Product

YAML = Path(__file__).resolve().parent.parent / "indicators.yaml"
PRODUCTS = Path(__file__).resolve().parents[2] / "enterprises" / "data" / "products.yaml"
D = dt.date


def test_every_category_of_the_catalogue_has_its_pass_rate():
    codes = {e["code"] for e in yaml.safe_load(YAML.read_text(encoding="utf-8"))}
    categories = yaml.safe_load(PRODUCTS.read_text(encoding="utf-8"))["categories"]
    missing = [
        c["code"] for c in categories if f"sampling.pass_rate.category.{c['code']}" not in codes
    ]
    assert not missing
    for level in ("national", "provincial", "city", "county"):
        assert f"sampling.pass_rate.{level}" in codes
    for code in (
        "sampling.pass_rate",
        "sampling.food_pass_rate",
        "sampling.rectification_rate",
        "sampling.training_rate",
        "sampling.reinspection_pass_rate",
        "sampling.sample_count",
    ):
        assert code in codes


@pytest.fixture
def computed(office, new_plan, catalogue, make_user, make_enterprise, record_sample):
    """武进区 (320412) and 新北区 (320411) in 2025, plus one 2024 sample that must not count.

    city plan:    武进 3 pass + 1 fail (A); 新北 2 pass + 1 fail (C) + 1 pending
    county plan:  武进 1 pass + 1 fail (B), food
    A: rectified, re-inspection passed → closed; trained.
    B: objection, re-test of the backup passed → closed (not a failure after all).
    C: rectified, re-inspection failed → announced.
    """
    from zhiliang.indicators import engine
    from zhiliang.indicators import periods as P
    from zhiliang.indicators.catalogue import catalogue_load
    from zhiliang.indicators.models import IndicatorValue
    from zhiliang.inspections import services

    appliance = catalogue["0101"]
    food = Product.objects.filter(parent__code="14", is_food=True).order_by("code").first()
    assert food is not None
    city_plan = new_plan()
    district = make_user("office_staff", "320412")
    county_plan = new_plan(actor=district, region_code="320412", level="county", name="武进区计划")

    march = D(2025, 3, 1)

    def sample(plan, region, verdict, product=appliance, on=march, actor=None):
        return record_sample(
            plan, make_enterprise(region), product, sampled_on=on, verdict=verdict, actor=actor
        )

    for _ in range(3):
        sample(city_plan, "320412", "pass")
    a = sample(city_plan, "320412", "fail")
    for _ in range(2):
        sample(city_plan, "320411", "pass")
    c = sample(city_plan, "320411", "fail")
    sample(city_plan, "320411", "pending")
    sample(county_plan, "320412", "pass", product=food, actor=district)
    b = sample(county_plan, "320412", "fail", product=food, actor=district)
    sample(city_plan, "320412", "fail", on=D(2024, 6, 1))  # another year

    def step(fu, action, on, **kw):
        return services.followup_transition(
            actor=office, follow_up=fu, action=action, done_on=on, **kw
        )

    fa = services.followup_open(actor=office, sample=a, notified_on=D(2025, 3, 20))
    step(fa, "order_rectification", D(2025, 4, 10))
    step(fa, "report_rectified", D(2025, 5, 20))
    step(fa, "reinspect_pass", D(2025, 6, 1))
    step(fa, "record_training", D(2025, 6, 5), training_attendees=12)
    fb = services.followup_open(actor=office, sample=b, notified_on=D(2025, 3, 20))
    step(fb, "object", D(2025, 3, 25))
    step(fb, "retest_pass", D(2025, 4, 20))
    fc = services.followup_open(actor=office, sample=c, notified_on=D(2025, 3, 20))
    step(fc, "order_rectification", D(2025, 4, 10))
    step(fc, "report_rectified", D(2025, 5, 20))
    step(fc, "reinspect_fail", D(2025, 6, 1))

    catalogue_load(files=[YAML])
    engine.compute(periods=[P.parse("2025")])

    def value(code, region):
        v = IndicatorValue.objects.get(indicator__code=code, region__code=region, period="2025")
        den = None if v.denominator is None else int(v.denominator)
        return int(v.numerator), den

    return value


def test_pass_rates_match_the_hand_count(computed):
    assert computed("sampling.pass_rate", "320412") == (4, 6)
    assert computed("sampling.pass_rate", "320411") == (2, 3)
    assert computed("sampling.pass_rate", "3204") == (6, 9)  # pooled, not an average
    assert computed("sampling.pass_rate.city", "3204") == (5, 7)
    assert computed("sampling.pass_rate.county", "3204") == (1, 2)
    assert computed("sampling.pass_rate.category.01", "3204") == (5, 7)
    assert computed("sampling.pass_rate.category.14", "3204") == (1, 2)
    assert computed("sampling.food_pass_rate", "320412") == (1, 2)
    assert computed("sampling.sample_count", "3204") == (10, None)  # the pending one counts


def test_follow_up_rates_match_the_hand_count(computed):
    from zhiliang.indicators.models import IndicatorValue

    # Failed enterprises A and C (B's failure was overturned by the re-test); A rectified.
    assert computed("sampling.rectification_rate", "3204") == (1, 2)
    assert computed("sampling.rectification_rate", "320411") == (0, 1)
    assert computed("sampling.training_rate", "3204") == (1, 2)
    # Re-inspections: A passed, C failed.
    assert computed("sampling.reinspection_pass_rate", "3204") == (1, 2)
    rate = IndicatorValue.objects.get(
        indicator__code="sampling.rectification_rate", region__code="3204", period="2025"
    )
    assert rate.value == Decimal("50")
