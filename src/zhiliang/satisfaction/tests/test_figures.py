"""The index as an indicator figure: its interval and responses stored with the value, a
figure from too few responses withheld with the reason, and a plan's target judged with the
interval (met / not met / cannot tell)."""

from datetime import date
from decimal import Decimal

import pytest

from zhiliang.core.models import Region
from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.models import IndicatorValue
from zhiliang.indicators.tests.conftest import value
from zhiliang.plans import board
from zhiliang.plans.models import Plan, Target
from zhiliang.plans.selectors import CANNOT_TELL, MET, NOT_MET, interval_state
from zhiliang.satisfaction import services

pytestmark = pytest.mark.django_db

HIGH = {"q8": 10, "q9": 10, "q10": 10}  # index 100
LOW = {"q8": 7, "q9": 7, "q10": 7}  # index 66.667
PERIODS = [P.year(2025), P.month(2025, 8), P.month(2025, 9)]


def test_interval_states_worked_case():
    # Index 81 with its interval 77–85 against ≥ 80: part of the interval lies below.
    assert interval_state(">=", Decimal(80), Decimal(77), Decimal(85)) == CANNOT_TELL
    assert interval_state(">=", Decimal(80), Decimal("80.5"), Decimal(85)) == MET
    assert interval_state(">=", Decimal(80), Decimal(70), Decimal("79.9")) == NOT_MET
    assert interval_state("<=", Decimal(5), Decimal(1), Decimal(4)) == MET
    assert interval_state("~", Decimal(80), Decimal(77), Decimal(85)) is None


@pytest.fixture
def surveyed(clerk):
    """武进区 2025: 40 consumer-services responses (20 at 100, 20 at 66.667; worked by hand
    in test_index: 83.33, interval 78.10–88.56) and 10 of public services."""
    catalogue_load()
    wj = Region.objects.get(code="320412")
    survey = services.survey_create(actor=clerk, data={
        "code": "S", "year": 2025, "title": "测评", "region": wj,
        "fieldwork_from": date(2025, 9, 1), "fieldwork_to": date(2025, 9, 30)})  # fmt: skip
    answers = [("consumer_services", HIGH)] * 20 + [("consumer_services", LOW)] * 20
    answers += [("public_services", HIGH)] * 10
    rows = [{"survey": survey, "respondent": str(i), "region": wj, "sector": sector,
             "surveyed_on": date(2025, 9, 2), "weight": 1.0, "answers": a}
            for i, (sector, a) in enumerate(answers)]  # fmt: skip
    services.responses_bulk_create(actor=clerk, rows=rows)
    engine.compute(periods=PERIODS)
    return wj


def test_index_values_carry_interval_or_are_withheld(surveyed):
    consumer = value("satisfaction.customer_index.consumer_services", "320412", "2025")
    assert consumer.value == pytest.approx(Decimal("83.3333"), abs=Decimal("0.001"))
    assert (consumer.sample_size, consumer.publication) == (40, "small")
    assert float(consumer.low) == pytest.approx(78.102, abs=1e-2)
    assert float(consumer.high) == pytest.approx(88.564, abs=1e-2)
    assert "78.1–88.6" in consumer.note
    public = value("satisfaction.customer_index.public_services", "320412", "2025")
    assert (public.value, public.numerator, public.denominator) == (None, 0, None)
    assert (public.sample_size, public.publication, public.withheld) == (10, "withheld", True)
    assert "10 responses, too few" in public.note
    # The city pools its districts: the same 40 + 10 responses.
    city = value("satisfaction.customer_index", "3204", "2025")
    assert (city.sample_size, city.publication) == (50, "small")
    # Periods and regions without a response carry no marks (no figure to withhold).
    marked = IndicatorValue.objects.exclude(publication="")
    assert not marked.filter(sample_size=0).exists()
    assert not marked.filter(period="2025-08").exists()
    assert marked.filter(period="2025-09").exists()
    # A recompute gives the same marks (the engine restores, the hook withholds again).
    engine.compute(periods=PERIODS)
    public.refresh_from_db()
    assert (public.value, public.publication) == (None, "withheld")


def test_a_linked_target_is_judged_with_the_interval(surveyed, clerk):
    plan = Plan.objects.create(title="武进区质量提升行动方案", region=surveyed, source_text="x",
                               source_hash="x", created_by=clerk)  # fmt: skip
    index = Target.objects.create(
        plan=plan, indicator_text="生活性服务业顾客满意度指数", comparator=">=", value=80,
        indicator_code="satisfaction.customer_index.consumer_services",
    )  # fmt: skip
    public = Target.objects.create(
        plan=plan, indicator_text="公共服务顾客满意度指数", comparator=">=", value=80,
        indicator_code="satisfaction.customer_index.public_services",
    )  # fmt: skip
    other = Target.objects.create(plan=plan, indicator_text="监督抽查合格率", comparator=">=",
                                  value=95, indicator_code="inspections.pass_rate")  # fmt: skip
    rows = {t.pk: t for t in board.target_rows(plan=plan)}
    assert rows[index.pk].interval_state == CANNOT_TELL  # 83.3, but 78.1–88.6 reaches below
    assert rows[public.pk].sample.withheld and rows[public.pk].interval_state is None
    assert rows[other.pk].sample is None
