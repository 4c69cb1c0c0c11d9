"""The engine against hand counts on the small world of conftest.ENTERPRISES."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.models import IndicatorValue
from zhiliang.indicators.tests.conftest import value

pytestmark = pytest.mark.django_db

# In business on 2024-06-30: e1 e2 e5 e6 e7 (e3 and e8 later, e4 cancelled, e9 undated).
# With a chief quality officer: e1 e6.


def test_enterprise_count_by_hand(computed):
    assert value("enterprise.count", "3204", "2024-Q2").numerator == 5
    assert value("enterprise.count", "320412", "2024-Q2").numerator == 4  # e1 e2 e5 e6
    assert value("enterprise.count", "320412001", "2024-Q2").numerator == 2
    assert value("enterprise.count", "320411", "2024-Q2").numerator == 1
    assert value("enterprise.count", "32", "2025").numerator == 7
    # e9 has no establishment date: not counted, but 天宁区 shows its 0.
    assert value("enterprise.count", "320402", "2025").numerator == 0


def test_cqo_share_by_hand(computed):
    v = value("enterprise.cqo_share", "3204", "2024-Q2")
    assert (v.numerator, v.denominator, v.value) == (2, 5, Decimal("40.0000"))
    v = value("enterprise.cqo_share", "320412", "2024-Q2")
    assert (v.numerator, v.denominator, v.value) == (2, 4, Decimal("50.0000"))
    v = value("enterprise.cqo_share", "320412002", "2024-Q2")
    assert (v.numerator, v.denominator, v.value) == (0, 1, Decimal("0.0000"))
    v = value("enterprise.cqo_share", "3204", "2024/2025")  # e1 e3 e6 e8 of 7
    assert (v.numerator, v.denominator, v.value) == (4, 7, Decimal("57.1429"))


def test_size_and_section_counts_by_hand(computed):
    assert value("enterprise.count.size.large", "3204", "2025").numerator == 2  # e1 e7
    assert value("enterprise.count.size.medium", "3204", "2025").numerator == 2  # e5 e8
    assert value("enterprise.count.size.small", "3204", "2025").numerator == 2  # e2 e6
    assert value("enterprise.count.section.c", "3204", "2025").numerator == 5  # 34: e1 e2 e5 e7 e8
    assert value("enterprise.count.section.f", "3204", "2025").numerator == 2  # 51: e3 e6
    assert value("enterprise.count.section.f", "320412001", "2024-06").numerator == 0


def test_stock_assessment_year_boundary(computed):
    # e2 is established on 30 June 2024, e3 on 1 July 2024.
    assert value("enterprise.count", "320412001", "2023/2024").numerator == 2  # e1 e2
    assert value("enterprise.count", "320412001", "2024-06").numerator == 2
    assert value("enterprise.count", "320412001", "2024-07").numerator == 3
    assert value("enterprise.count", "320412001", "2024/2025").numerator == 3


def test_rollup_is_exact_for_every_rate(computed):
    """A parent's numerator and denominator are the sums over its children (plus rows placed
    on the parent itself): city = Σ districts here, as no enterprise sits on the city."""
    city = {
        (v.indicator_id, v.period): (v.numerator, v.denominator)
        for v in IndicatorValue.objects.filter(region__code="3204")
    }
    sums = (
        IndicatorValue.objects.filter(region__parent__code="3204")
        .values("indicator_id", "period")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
        .order_by()
    )
    assert city and len(sums) == len(city)
    rates = 0
    for row in sums:
        assert city[(row["indicator_id"], row["period"])] == (row["n"], row["d"]), row
        rates += row["d"] is not None
    assert rates  # the rate (cqo_share) was compared too
    # A rate is never an average of the children's rates: 武进 50 % and 新北 0 % → 40 %.
    assert value("enterprise.cqo_share", "3204", "2024-Q2").value == 40


def test_every_period_kind_is_computed(computed):
    kinds = set(
        IndicatorValue.objects.filter(region__code="3204").values_list("period_kind", flat=True)
    )
    assert kinds == {"year", "quarter", "month", "ayear"}
    v = value("enterprise.count", "3204", "2024/2025")
    assert (v.period_start, v.period_end) == (date(2024, 7, 1), date(2025, 6, 30))


TEST_YAML = """
- code: test.established
  name: 新成立企业数
  unit: 户
  direction: higher
  kind: computed
  formula: 期内成立的企业数
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  period_mode: flow
  numerator: {aggregate: count}
- code: test.established_cqo_share
  name: 新成立企业首席质量官比例
  unit: "%"
  direction: higher
  kind: computed
  formula: 期内成立且设首席质量官的企业 ÷ 期内成立的企业
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  numerator: {aggregate: count, exclude: {chief_quality_officer: ""}}
  denominator: {aggregate: count}
- code: test.untrained
  name: 未培训企业数
  unit: 户
  direction: lower
  kind: computed
  formula: 已成立、尚未完成首席质量官培训的企业数
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  period_mode: stock
  end_field: cqo_trained_on
  numerator: {aggregate: count}
- code: test.industries
  name: 期内新成立企业涉及行业数
  unit: 个
  direction: higher
  kind: computed
  formula: 行业去重计数
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  numerator: {aggregate: count_distinct, field: industry_id}
- code: test.industries_stock
  name: 存量企业涉及行业数
  unit: 个
  direction: higher
  kind: computed
  formula: 行业去重计数
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  period_mode: stock
  numerator:
    aggregate: count_distinct
    field: industry_id
    filter: {status__in: [active, operating]}
- code: test.id_sum
  name: 编号和
  unit: ""
  direction: higher
  kind: computed
  formula: 期内成立企业的编号之和
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  numerator: {aggregate: sum, field: id}
"""


@pytest.fixture
def test_catalogue(tmp_path, world):
    path = tmp_path / "indicators.yaml"
    path.write_text(TEST_YAML, encoding="utf-8")
    catalogue_load(files=[path])
    return world


def _periods(*codes):
    return [P.parse(c) for c in codes]


def test_flow_places_rows_in_their_period(test_catalogue):
    engine.compute(periods=P.periods_between(date(2024, 1, 1), date(2025, 12, 31)))
    # e2 on 30 June 2024 → 2023/2024; e3 on 1 July 2024 → 2024/2025 (with e8).
    assert value("test.established", "320412001", "2023/2024").numerator == 1
    assert value("test.established", "3204", "2024/2025").numerator == 2
    assert value("test.established", "3204", "2024-06").numerator == 1
    assert value("test.established", "3204", "2024-07").numerator == 1
    assert value("test.established", "3204", "2024-Q3").numerator == 1
    assert value("test.established", "3204", "2024").numerator == 2  # e2 e3
    assert value("test.established", "3204", "2024-05").numerator == 0
    v = value("test.established_cqo_share", "3204", "2024")  # e3 has one, e2 not
    assert (v.numerator, v.denominator, v.value) == (1, 2, 50)
    v = value("test.established_cqo_share", "3204", "2024-05")
    assert (v.numerator, v.denominator, v.value) == (0, 0, None)
    ids = world_ids = test_catalogue
    assert value("test.id_sum", "3204", "2024").numerator == ids["e2"].pk + world_ids["e3"].pk


def test_stock_with_end_field(test_catalogue):
    e1 = test_catalogue["e1"]
    e1.cqo_trained_on = date(2024, 3, 10)
    e1.save()
    engine.compute(periods=_periods("2023", "2024-02", "2024-03", "2024-Q1", "2024-06"))
    assert value("test.untrained", "320412001", "2023").numerator == 2  # e1, e4 (any status)
    assert value("test.untrained", "320412001", "2024-02").numerator == 2
    assert value("test.untrained", "320412001", "2024-03").numerator == 1  # e1 trained
    assert value("test.untrained", "320412001", "2024-Q1").numerator == 1
    assert value("test.untrained", "320412001", "2024-06").numerator == 2  # + e2 on 30 June


def test_count_distinct_flow_and_stock(test_catalogue):
    engine.compute(periods=_periods("2024", "2024-06", "2025", "2022"))
    assert value("test.industries", "320412001", "2024").numerator == 2  # 34 (e2), 51 (e3)
    assert value("test.industries", "320412001", "2024-06").numerator == 1
    assert value("test.industries_stock", "320412001", "2025").numerator == 2
    assert value("test.industries_stock", "320412001", "2022").numerator == 1  # e1 only
    # Parents sum their children: distinct within the lowest region.
    assert value("test.industries_stock", "320412", "2022").numerator == 2  # e1 34 + e6 51


def test_recompute_replaces_only_its_periods(test_catalogue):
    engine.compute(periods=_periods("2024", "2025"))
    before = value("test.established", "3204", "2025")
    test_catalogue["e8"].delete()
    result = engine.compute(periods=_periods("2025"))
    assert result["periods"] == 1
    assert value("test.established", "3204", "2025").numerator == before.numerator - 1
    assert value("test.established", "3204", "2024").numerator == 2  # untouched
    assert IndicatorValue.objects.filter(period="2025", region__code="3204").count() == 6


def test_query_count_does_not_grow_with_data(test_catalogue, make_enterprise):
    periods = _periods("2024", "2024-Q1", "2024-01", "2023/2024")
    with CaptureQueriesContext(connection) as small:
        engine.compute(periods=periods)
    for n, region in enumerate(["320402002", "320404", "320481", "320412003"] * 5):
        make_enterprise(region, established_on=date(2024, 1, 1 + n))
    with CaptureQueriesContext(connection) as large:
        engine.compute(periods=periods)
    assert len(large) == len(small)
    assert value("test.established", "3204", "2024-01").numerator == 20


def test_reported_values_are_left_alone(computed, make_user):
    from zhiliang.core.models import Region
    from zhiliang.indicators.models import Indicator
    from zhiliang.indicators.services import reported_value_save

    reporter = make_user("department_reporter", "3204")
    indicator = Indicator.objects.get(code="brand.famous_products")
    reported_value_save(
        actor=reporter,
        indicator=indicator,
        region=Region.objects.get(code="3204"),
        period="2025",
        value=Decimal("12"),
        evidence="苏市监〔2025〕1号",
    )
    engine.compute(periods=_periods("2025"))
    assert value("brand.famous_products", "3204", "2025").value == 12


def test_nothing_to_compute():
    assert engine.compute(periods=[])["values"] == 0


ISLANDS_YAML = """
- code: test.untrained_industries
  name: 未培训企业涉及行业数
  unit: 个
  direction: lower
  kind: computed
  formula: 已成立、尚未培训的企业所属行业（去重）
  source: 测试
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  period_mode: stock
  end_field: cqo_trained_on
  numerator: {aggregate: count_distinct, field: industry_id}
"""


def test_count_distinct_stock_with_overlaps_and_gaps(tmp_path, make_enterprise):
    """One industry, three enterprises in a township: two overlapping spells and a later
    one. Distinct industries in stock: 1 while any spell runs, 0 in the gap."""
    path = tmp_path / "indicators.yaml"
    path.write_text(ISLANDS_YAML, encoding="utf-8")
    catalogue_load(files=[path])
    spells = [
        (date(2023, 1, 5), date(2023, 6, 1)),
        (date(2023, 3, 1), date(2023, 9, 1)),
        (date(2024, 1, 10), None),
    ]
    for start, end in spells:
        make_enterprise("320412003", established_on=start, cqo_trained_on=end)
    engine.compute(
        periods=_periods(
            "2023-01", "2023-04", "2023-07", "2023-09", "2023-10", "2023-12", "2024-01", "2024"
        )
    )
    got = {
        p: value("test.untrained_industries", "320412003", p).numerator
        for p in (
            "2023-01",
            "2023-04",
            "2023-07",
            "2023-09",
            "2023-10",
            "2023-12",
            "2024-01",
            "2024",
        )
    }
    assert got == {
        "2023-01": 1,
        "2023-04": 1,
        "2023-07": 1,
        "2023-09": 0,
        "2023-10": 0,
        "2023-12": 0,
        "2024-01": 1,
        "2024": 1,
    }


def test_recompute_rewrites_only_changed_figures(test_catalogue):
    engine.compute(periods=_periods("2024", "2025"))
    same = value("test.established", "3204", "2024")
    moved = value("test.established", "3204", "2025")
    e8 = test_catalogue["e8"]
    e8.established_on = date(2025, 2, 1)  # still 2025: 2025 stays, but its month changes
    e8.chief_quality_officer = ""
    e8.save()
    engine.compute(periods=_periods("2024", "2025"))
    assert value("test.established", "3204", "2024").computed_at == same.computed_at
    assert value("test.established", "3204", "2025").computed_at == moved.computed_at
    share = value("test.established_cqo_share", "3204", "2025")
    assert (share.numerator, share.denominator) == (0, 1)
    assert share.computed_at > moved.computed_at


@pytest.mark.django_db(transaction=True)
def test_two_recomputes_at_once_take_turns_writing(world, catalogue, monkeypatch):
    """Both find the figures missing; without turns the second insert fails on the unique
    index."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time by itself")
    periods = P.periods_between(date(2024, 1, 1), date(2024, 12, 31))
    together, write, failures = threading.Barrier(2, timeout=60), engine._write, []

    def in_step(now):
        together.wait()  # both recomputes start writing at the same moment
        return write(now)

    def recompute():
        try:
            engine.compute(periods=periods)
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    monkeypatch.setattr(engine, "_write", in_step)
    runs = [threading.Thread(target=recompute) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert failures == []
    stored = IndicatorValue.objects.count()
    monkeypatch.setattr(engine, "_write", write)
    assert engine.compute(periods=periods)["values"] == stored > 0


def test_window_is_held_within_the_floor_and_today(make_enterprise):
    """The default window's ends: a row before the floor makes the floor the start, a row
    after today makes today the end; else the rows' own earliest and latest dates."""
    from zhiliang.indicators.engine import Source, default_periods, source_range

    floor, today = date(2023, 1, 1), date(2026, 5, 20)
    stock = Source(("enterprises.Enterprise", "region", "established_on", "stock", None))
    flow = Source(("enterprises.Enterprise", "region", "established_on", "flow", None))
    assert source_range(stock, floor, today) == (None, None)  # no rows
    make_enterprise(established_on=date(2024, 3, 9))
    make_enterprise(established_on=date(2025, 7, 1))
    assert source_range(stock, floor, today) == (date(2024, 3, 9), today)
    assert source_range(flow, floor, today) == (date(2024, 3, 9), date(2025, 7, 1))
    make_enterprise(established_on=date(1998, 1, 1))
    make_enterprise(established_on=date(2027, 1, 1))  # dated ahead of today
    assert source_range(stock, floor, today) == (floor, today)
    assert source_range(flow, floor, today) == (floor, today)
    # Without the bounds: the exact earliest and latest, as before.
    assert source_range(flow) == (date(1998, 1, 1), date(2027, 1, 1))
    expected = P.started_by(P.periods_between(floor, today), today)
    assert default_periods([flow], today) == expected
