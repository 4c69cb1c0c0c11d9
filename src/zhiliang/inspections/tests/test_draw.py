"""The draw: who is eligible, the two shares, teams, and reproducibility."""

import datetime as dt
from collections import Counter

import pytest

from zhiliang.enterprises.choices import EnterpriseStatus
from zhiliang.inspections import draw as drawing
from zhiliang.inspections import services
from zhiliang.inspections.draw import pools
from zhiliang.inspections.models import DrawInspector, DrawPick, InspectorConflict

pytestmark = pytest.mark.django_db


def _drawn(draw, quota=None):
    picks = DrawPick.objects.filter(draw=draw)
    if quota is not None:
        picks = picks.filter(quota=quota)
    return set(picks.values_list("enterprise_id", flat=True))


def _pool(plan):
    """The eligible pool of the plan's first quota, read as a draw would now."""
    from django.utils import timezone

    spec = drawing.quota_specs(plan)[0]
    return set(drawing.pool_read(drawing.plan_params(plan), spec, timezone.now())[0])


# -- eligibility -------------------------------------------------------------------------------


def test_pool_is_makers_of_the_product_in_the_region_in_business(
    catalogue, new_plan, set_quota, maker, make_enterprise
):
    fridge, heater = catalogue["0101"], catalogue["0102"]
    plan = new_plan()
    set_quota(plan, fridge, 5, region_code="320412")
    yes = maker(fridge, "320412")
    yes_township = maker(fridge, "320412001")
    operating = maker(fridge, "320412", status=EnterpriseStatus.OPERATING)
    maker(heater, "320412")  # another product
    maker(fridge, "320411")  # another county
    maker(fridge, "320412", status=EnterpriseStatus.REVOKED)
    maker(fridge, "320412", status=EnterpriseStatus.CANCELLED)
    make_enterprise("320412")  # makes nothing
    assert _pool(plan) == {yes.pk, yes_township.pk, operating.pk}


def test_a_category_quota_covers_its_products_once_per_enterprise(
    catalogue, new_plan, set_quota, maker
):
    plan = new_plan()
    set_quota(plan, catalogue["01"], 5)
    both = maker([catalogue["0101"], catalogue["0102"]])
    one = maker(catalogue["0103"])
    maker(catalogue["0201"])  # other category
    spec = drawing.quota_specs(plan)[0]
    assert catalogue["0101"].pk in spec["products"] and catalogue["01"].pk in spec["products"]
    from django.utils import timezone

    ids, classes = drawing.pool_read(drawing.plan_params(plan), spec, timezone.now())
    assert ids == sorted([both.pk, one.pk])  # no duplicates, sorted by id
    assert len(classes) == 2


def test_six_month_rule_same_level(catalogue, new_plan, set_quota, maker, record_sample):
    fridge = catalogue["0101"]
    plan = new_plan()
    earlier = new_plan(name="earlier city plan")
    set_quota(plan, fridge, 5)
    recent, old, other_product = maker(fridge), maker(fridge), maker([fridge, catalogue["0102"]])
    today = dt.date.today()
    record_sample(earlier, recent, fridge, sampled_on=today - dt.timedelta(days=150))
    record_sample(
        earlier, old, fridge, sampled_on=drawing.months_before(today, 6) - dt.timedelta(days=1)
    )
    record_sample(
        earlier, other_product, catalogue["0102"], sampled_on=today - dt.timedelta(days=10)
    )
    assert _pool(plan) == {old.pk, other_product.pk}


def test_six_month_rule_counts_in_the_bureaus_days_after_midnight(
    catalogue, new_plan, set_quota, maker, record_sample, time_machine
):
    """At 00:30 in Beijing (16:30 UTC the day before) the window ends today, Beijing's today."""
    time_machine.move_to("2026-12-04 00:30 +08:00")
    fridge = catalogue["0101"]
    plan, earlier = new_plan(), new_plan(name="earlier city plan")
    set_quota(plan, fridge, 5)
    this_morning, first_day, day_before = maker(fridge), maker(fridge), maker(fridge)
    record_sample(earlier, this_morning, fridge, sampled_on=dt.date(2026, 12, 4))
    record_sample(earlier, first_day, fridge, sampled_on=dt.date(2026, 6, 4))
    record_sample(earlier, day_before, fridge, sampled_on=dt.date(2026, 6, 3))
    assert _pool(plan) == {day_before.pk}


def test_higher_level_sample_bars_lower_level_but_not_the_reverse(
    catalogue, new_plan, set_quota, maker, record_sample, make_user
):
    fridge = catalogue["0101"]
    province = make_user("office_staff", "32")
    county = make_user("office_staff", "320412")
    provincial = new_plan(actor=province, region_code="32", level="provincial")
    city_plan = new_plan()
    county_plan = new_plan(actor=county, region_code="320412", level="county")
    set_quota(provincial, fridge, 5, actor=province)
    set_quota(city_plan, fridge, 5)
    by_province, by_county = maker(fridge), maker(fridge)
    recently = dt.date.today() - dt.timedelta(days=20)
    record_sample(provincial, by_province, fridge, sampled_on=recently, actor=province)
    record_sample(county_plan, by_county, fridge, sampled_on=recently, actor=county)
    # The city plan may not re-sample what the province sampled; a county sample does not
    # bar it.
    assert _pool(city_plan) == {by_county.pk}
    # The provincial plan is not barred by the county's sample, and is by its own.
    assert _pool(provincial) == {by_county.pk}


def test_quota_region_must_lie_in_the_plan(catalogue, new_plan, set_quota):
    from django.core.exceptions import ValidationError

    plan = new_plan(region_code="3204")
    with pytest.raises(ValidationError):
        set_quota(plan, catalogue["0101"], 3, region_code="320506")


# -- shares, weights, teams ----------------------------------------------------------------------


def test_select_splits_the_random_and_weighted_shares():
    ids = list(range(1, 1001))
    classes = "ABCD" * 250
    picks = drawing.select(ids, classes, 10, "0.2", {"A": 1, "B": 1, "C": 1, "D": 1}, seed=5)
    shares = Counter(s for _i, s in picks)
    assert shares == {"random": 2, "weighted": 8}
    assert len({i for i, _s in picks}) == 10
    picks = drawing.select(ids, classes, 7, "0.3", {"A": 1, "B": 1, "C": 1, "D": 1}, seed=5)
    assert Counter(s for _i, s in picks) == {"random": 2, "weighted": 5}  # 2.1 → 2


def test_select_takes_everyone_when_the_pool_is_short():
    picks = drawing.select([3, 4, 9], "ABD", 10, "0.2", {"A": 1, "B": 1, "C": 1, "D": 1}, 1)
    assert sorted(i for i, _s in picks) == [3, 4, 9]
    assert drawing.select([], "", 4, "0.2", {"A": 1}, 1) == []


def test_weighted_share_favours_high_risk_classes():
    ids = list(range(1, 4001))
    classes = "A" * 1000 + "B" * 1000 + "C" * 1000 + "D" * 1000
    where = dict(zip(ids, classes, strict=True))
    counts = Counter()
    for seed in range(20):
        for i, share in drawing.select(
            ids, classes, 100, "0", {"A": 0.5, "B": 1, "C": 2, "D": 4}, seed
        ):
            assert share == "weighted"
            counts[where[i]] += 1
    assert counts["D"] > counts["C"] > counts["B"] > counts["A"]


def test_zero_weight_class_only_in_the_random_share():
    ids = list(range(1, 101))
    classes = "A" * 50 + "D" * 50
    picks = drawing.select(ids, classes, 20, "0.5", {"A": 0, "B": 1, "C": 1, "D": 1}, 3)
    weighted = [i for i, s in picks if s == "weighted"]
    assert len(weighted) == 10 and all(i > 50 for i in weighted)


def test_draw_records_shares_teams_and_skips_conflicts(
    catalogue, new_plan, set_quota, maker, inspector, office, make_org
):
    fridge = catalogue["0101"]
    plan = new_plan(random_share="0.25", team_size=2)
    quota = set_quota(plan, fridge, 8)
    firms = [maker(fridge) for _ in range(30)]
    team = [inspector() for _ in range(5)]
    inspector(active=False)
    inspector(region_code="3205")  # outside the plan's jurisdiction
    # Inspector 0 may not go to firm 0; inspector 1 to anything in 武进区.
    InspectorConflict.objects.create(inspector=team[0], enterprise=firms[0], reason="亲属")
    wujin = make_org("320412", name="武进区某局")
    InspectorConflict.objects.create(inspector=team[1], organization=wujin, reason="原单位")
    d = services.draw_run(actor=office, plan=plan, seed=42)
    picks = DrawPick.objects.filter(draw=d)
    assert picks.count() == 8
    assert Counter(picks.values_list("share", flat=True)) == {"random": 2, "weighted": 6}
    assert list(picks.order_by("order").values_list("order", flat=True)) == list(range(1, 9))
    allowed = {t.pk for t in team} - {team[1].pk}
    for pick in picks:
        members = list(DrawInspector.objects.filter(pick=pick).values_list("inspector", flat=True))
        assert len(members) == 2 == len(set(members))
        assert set(members) <= allowed
        if pick.enterprise_id == firms[0].pk:
            assert team[0].pk not in members
    summary = d.result["quotas"][0]
    assert summary["quota"] == quota.pk and summary["pool_size"] == 30
    assert (summary["random"], summary["weighted"], summary["short_teams"]) == (2, 6, 0)


def test_short_teams_are_reported(catalogue, new_plan, set_quota, maker, inspector, office):
    plan = new_plan(team_size=3)
    set_quota(plan, catalogue["0101"], 2)
    maker(catalogue["0101"]), maker(catalogue["0101"])
    inspector(), inspector()
    d = services.draw_run(actor=office, plan=plan, seed=1)
    assert d.result["quotas"][0]["short_teams"] == 2
    assert DrawInspector.objects.filter(pick__draw=d).count() == 4


# -- reproducibility -----------------------------------------------------------------------------


@pytest.fixture
def drawn_plan(catalogue, new_plan, set_quota, maker, inspector):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 6)
    set_quota(plan, catalogue["01"], 4, region_code="320411")
    for i in range(40):
        maker(catalogue["0101"], risk_class="ABCD"[i % 4])
        maker(catalogue["0105"], "320411", risk_class="ABCD"[(i + 1) % 4])
    for _ in range(6):
        inspector()
    return plan


def test_same_seed_same_picks_and_another_seed_others(drawn_plan, office):
    a = services.draw_run(actor=office, plan=drawn_plan, seed=2025)
    b = services.draw_run(actor=office, plan=drawn_plan, seed=2025)
    c = services.draw_run(actor=office, plan=drawn_plan, seed=2026)
    assert a.result == b.result and a.result_digest == b.result_digest
    assert _picks(a) == _picks(b)
    assert _picks(a) != _picks(c)


def _picks(d):
    return list(
        DrawPick.objects.filter(draw=d)
        .order_by("quota_id", "order")
        .values_list("quota_id", "order", "enterprise_id", "share")
    )


def test_row_order_and_quota_order_do_not_matter(drawn_plan, office):
    """The algorithm sorts by id itself: a pool handed over shuffled gives the same result."""
    from django.utils import timezone

    now = timezone.now()
    prep = drawing.prepare(drawn_plan, 7, now)
    first = drawing.compute(prep.params, prep.specs, 7, prep.pools, prep.inspectors, {})
    reversed_specs = list(reversed(prep.specs))
    again = drawing.compute(prep.params, reversed_specs, 7, prep.pools, prep.inspectors, {})
    assert {q["quota"]: q for q in first["quotas"]} == {q["quota"]: q for q in again["quotas"]}


def test_verify_reproduces_and_reports_data_changes(drawn_plan, office, catalogue, maker):
    d = services.draw_run(actor=office, plan=drawn_plan, seed=99)
    check = drawing.verify(d)
    assert check.ok and not check.notes and "verified" in check.message
    maker(catalogue["0101"])  # the register changes after the draw
    check = drawing.verify(d)
    assert check.ok
    assert any("data changed since the draw" in n for n in check.notes)


def test_verify_detects_a_tampered_result_and_tampered_picks(drawn_plan, office):
    d = services.draw_run(actor=office, plan=drawn_plan, seed=99)
    pick = DrawPick.objects.filter(draw=d).first()
    DrawPick.objects.filter(pk=pick.pk).update(
        share="weighted" if pick.share == "random" else "random"
    )
    check = drawing.verify(d)
    assert not check.ok and "recorded picks" in check.message
    d2 = services.draw_run(actor=office, plan=drawn_plan, seed=100)
    d2.seed = 101  # as if someone changed the seed afterwards
    check = drawing.verify(d2)
    assert not check.ok and "seed" in check.message


def test_verify_detects_a_different_algorithm(drawn_plan, office, monkeypatch):
    d = services.draw_run(actor=office, plan=drawn_plan, seed=5)
    original = drawing.by_class.select

    def other(ids, classes, count, share, weights, ratios, rs):
        rs.random_sample(1)  # another stream
        return original(ids, classes, count, share, weights, ratios, rs)

    monkeypatch.setattr(drawing.by_class, "select", other)
    check = drawing.verify(d)
    assert not check.ok
    assert any("re-run gives" in x for x in check.differences)
    assert not check.notes  # the data did not change: the algorithm differs


def test_pool_packing_round_trips():
    ids = [1, 2, 130, 131, 20000, 3_000_000_000]
    packed = drawing.pool_pack(ids, "ABCDBA")
    assert drawing.pool_unpack(packed) == (ids, "ABCDBA")
    assert drawing.pool_unpack(drawing.pool_pack([], "")) == ([], "")


def test_months_before():
    assert drawing.months_before(dt.date(2025, 8, 31), 6) == dt.date(2025, 2, 28)
    assert drawing.months_before(dt.date(2025, 3, 15), 6) == dt.date(2024, 9, 15)
    assert drawing.months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)


def test_barred_enterprises_are_cut_out_of_the_sorted_pool():
    ids, classes = [3, 5, 8, 13, 21], "ABCDA"
    assert pools._without(ids, classes, {3, 13, 21, 99}) == ([5, 8], "BC")
    assert pools._without(ids, classes, {4}) == (ids, classes)
    assert pools._without(ids, classes, set(ids)) == ([], "")


def test_many_quotas_read_in_one_pass_give_the_same_pools(
    catalogue, new_plan, set_quota, maker, record_sample, monkeypatch
):
    """Many quotas are read in one pass (here forced): the pools are those read one quota at
    a time — regions, status, barred enterprises, two products of one category."""
    _one_pass_check(catalogue, new_plan, set_quota, maker, record_sample, monkeypatch)


@pytest.mark.django_db(transaction=True)
def test_one_pass_reads_side_by_side_outside_a_transaction(
    catalogue, new_plan, set_quota, maker, record_sample, monkeypatch
):
    """As a draw reads them (no transaction open): the links and the enterprises are read
    on two connections at once, and the pools are the same."""
    import threading

    threads = []
    real = threading.Thread
    monkeypatch.setattr(threading, "Thread", lambda **kw: threads.append(kw) or real(**kw))
    _one_pass_check(catalogue, new_plan, set_quota, maker, record_sample, monkeypatch)
    assert threads  # the side read ran


def _one_pass_check(catalogue, new_plan, set_quota, maker, record_sample, monkeypatch):
    from django.utils import timezone

    fridge, heater, other = catalogue["0101"], catalogue["0102"], catalogue["0201"]
    plan = new_plan()
    set_quota(plan, catalogue["01"], 5)  # category, whole city
    set_quota(plan, fridge, 3, region_code="320412")  # product, one county
    set_quota(plan, other, 2, region_code="320411")
    both = maker([fridge, heater], risk_class="D")
    maker(fridge, "320411", risk_class="A")
    maker(heater, "320412001")
    maker([fridge, other], "320412001", risk_class="C")
    maker(other, "320411")
    maker(other, "320412")
    maker(fridge, status=EnterpriseStatus.REVOKED)
    record_sample(new_plan(name="earlier"), both, fridge, sampled_on=dt.date.today())
    params, specs = drawing.plan_params(plan), drawing.quota_specs(plan)
    as_of = timezone.now()
    one_by_one = {s["quota"]: drawing.pool_read(params, s, as_of) for s in specs}
    assert all(ids for ids, _c in one_by_one.values())
    assert drawing.pools_read(params, specs, as_of) == one_by_one  # small: one by one
    monkeypatch.setattr(pools, "ONE_PASS_LINKS", 0)
    calls = []
    real = pools._one_pass
    monkeypatch.setattr(pools, "_one_pass", lambda chunk: calls.append(chunk) or real(chunk))
    assert drawing.pools_read(params, specs, as_of) == one_by_one
    assert len(calls) == 1
    monkeypatch.setattr(pools, "MASK_BITS", 2)  # quotas told apart in two rounds
    assert drawing.pools_read(params, specs, as_of) == one_by_one
    same_region = [{**s, "region": "3204"} for s in specs]  # no region column needed
    assert drawing.pools_read(params, same_region, as_of) == {
        s["quota"]: drawing.pool_read(params, s, as_of) for s in same_region
    }


def test_postgresql_index_costs_are_lowered_for_the_read_only(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")

    def cost():
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            return float(cursor.fetchone()[0])

    before = cost()
    with pools._cached_index_costs():
        assert cost() == min(before, pools.RANDOM_PAGE_COST)
    assert cost() == before


def test_link_rows_are_found_by_table_or_by_bisection():
    import numpy as np

    ids = np.array([5, 6, 9])
    assert pools._rows_of(np.array([9, 5, 7, 6]), ids).tolist() == [2, 0, -1, 1]
    sparse = np.array([5, 10**12])  # too sparse for a table indexed by id
    assert pools._rows_of(np.array([10**12, 7, 5, 10**13]), sparse).tolist() == [1, -1, 0, -1]


def test_a_plan_closed_while_its_pools_were_read_gets_no_draw(drawn_plan, office, monkeypatch):
    """The pools are read before the storing transaction; the plan is checked again there."""
    from django.core.exceptions import ValidationError

    from zhiliang.inspections.choices import PlanStatus
    from zhiliang.inspections.models import Draw, SamplingPlan

    real = drawing.run

    def closing_meanwhile(plan, seed, as_of):
        out = real(plan, seed, as_of)
        SamplingPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.CLOSED)
        return out

    monkeypatch.setattr(drawing, "run", closing_meanwhile)
    with pytest.raises(ValidationError, match="closed"):
        services.draw_run(actor=office, plan=drawn_plan, seed=5)
    assert not Draw.objects.filter(plan=drawn_plan).exists()
    assert not DrawPick.objects.filter(draw__plan=drawn_plan).exists()
