"""Funnel limits and lift, checked against values worked out by hand."""

import math

import pytest

from zhiliang.inspections import stats


@pytest.mark.parametrize("n, p", [(10, 0.9), (20, 0.9), (100, 0.93), (7, 0.5), (1, 0.2)])
def test_binomial_cdf_matches_the_sum_of_the_probabilities(n, p):
    for k in range(n + 1):
        by_hand = sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))
        assert stats.binom_cdf(k, n, p) == pytest.approx(by_hand, abs=1e-12)


def test_funnel_limit_for_ten_samples_at_ninety_percent_worked_by_hand():
    # Binomial(10, 0.9): P(X<=6) = 0.0127952, P(X<=7) = 0.0701908 (sum of C(10,i)·.9^i·.1^(10-i)).
    # The 2.5 % quantile is r = 7; alpha = (0.0701908 - 0.025) / (0.0701908 - 0.0127952)
    # = 0.787359; limit = (7 - 0.787359) / 10 = 0.621264.
    assert stats.binom_quantile(0.025, 10, 0.9) == 7
    assert stats.funnel_limit(10, 0.9, 0.025) == pytest.approx(0.621264, abs=1e-6)
    # Upper 97.5 %: P(X<=9) = 1 - 0.9^10 = 0.651322 >= 0.975? no; so r = 10, F(10) = 1,
    # alpha = (1 - 0.975) / (1 - 0.651322) = 0.071699; limit = (10 - 0.071699) / 10.
    assert stats.funnel_limit(10, 0.9, 0.975) == pytest.approx(0.9928301, abs=1e-6)


def test_funnel_limit_narrows_towards_the_normal_approximation_for_large_n():
    # At n = 10 000 the exact limit and p0 ± 1.96·√(p0(1-p0)/n) agree to the third decimal.
    exact = stats.funnel_limit(10_000, 0.9, 0.025)
    assert exact == pytest.approx(stats.normal_limit(10_000, 0.9, -stats.Z95), abs=1e-3)
    assert stats.funnel_limit(10_000, 0.9, 0.001) < exact  # 99.8 % is wider than 95 %


def test_funnel_flags_a_region_beyond_chance_and_not_a_small_one():
    rows = [
        ("320402", "天宁区", 400, 360),  # 90 %
        ("320404", "钟楼区", 400, 364),
        ("320411", "新北区", 300, 240),  # 80 %: far below, many samples
        ("320412", "武进区", 10, 8),  # 80 % but only ten samples: chance
    ]
    p0, points = stats.funnel_points(rows)
    assert p0 == pytest.approx((360 + 364 + 240 + 8) / 1110)
    flags = {p.code: p.flag for p in points}
    assert flags["320411"] == "low998"
    assert flags["320412"] == ""
    assert flags["320402"] == "" and flags["320404"] in ("", "high95")


def test_funnel_curves_are_log_spaced_and_ordered():
    curves = stats.funnel_curves(0.9, 1000, steps=20)
    assert set(curves) == {"low95", "high95", "low99.8", "high99.8"}
    assert curves["low95"][0][0] == 1 and curves["low95"][-1][0] == 1000
    for (n, low998), (_, low95), (_, high95), (_, high998) in zip(
        curves["low99.8"], curves["low95"], curves["high95"], curves["high99.8"], strict=True
    ):
        assert low998 <= low95 <= 0.9 <= high95 <= high998, n


def test_funnel_points_without_samples():
    assert stats.funnel_points([]) == (None, [])


def test_risk_ratio_with_katz_interval_worked_by_hand():
    # 30/100 weighted picks failed, 10/100 random ones: RR = 3;
    # SE(ln RR) = √(1/30 − 1/100 + 1/10 − 1/100) = 0.336650;
    # CI = 3·exp(∓1.959964 × 0.336650) = (1.55083, 5.80334).
    lift = stats.risk_ratio(30, 100, 10, 100)
    assert lift.risk_ratio == pytest.approx(3.0)
    assert (lift.low, lift.high) == (
        pytest.approx(1.55083, abs=1e-5),
        pytest.approx(5.80334, abs=1e-5),
    )
    assert lift.significant and not lift.corrected


def test_risk_ratio_with_a_zero_cell_uses_half_corrections():
    # 0/20 random failures: cells become 5.5/41 and 0.5/21 → RR = (5.5/41)/(0.5/21) = 5.634146.
    lift = stats.risk_ratio(5, 40, 0, 20)
    assert lift.corrected
    assert lift.risk_ratio == pytest.approx((5.5 / 41) / (0.5 / 21))
    assert lift.low < lift.risk_ratio < lift.high


def test_risk_ratio_not_significant_when_the_interval_covers_one():
    lift = stats.risk_ratio(11, 100, 10, 100)
    assert lift.low < 1 < lift.high and not lift.significant


def test_risk_ratio_without_a_group():
    assert stats.risk_ratio(3, 10, 0, 0) is None


def test_a_region_with_every_sample_passed_is_not_flagged_above_by_chance():
    # 28 of 28 at p0 = 0.91: P(X >= 28) = 0.91^28 = 0.0713 > 2.5 %: within the limits,
    # although the interpolated upper line lies just below 100 %.
    assert stats.funnel_flag(28, 28, 0.91) == ""
    # 60 of 60: P = 0.91^60 = 0.0035 < 2.5 % but > 0.1 %: above the 95 % limit only.
    assert stats.funnel_flag(60, 60, 0.91) == "high95"


def test_region_counts_come_from_one_grouped_query(
    new_plan, catalogue, maker, record_sample, django_assert_num_queries
):
    from zhiliang.core.models import Region
    from zhiliang.inspections.models import Sample

    fridge = catalogue["0101"]
    plan = new_plan()
    for region, verdicts in (
        ("320412001", ["pass", "pass", "fail", "pending"]),  # a township of 武进区
        ("320411", ["pass", "fail", "fail"]),
    ):
        for v in verdicts:
            record_sample(plan, maker(fridge, region), fridge, verdict=v)
    samples = Sample.objects.all()
    with django_assert_num_queries(2):  # the counts, then the regions' names
        rows = stats.region_pass_counts(samples, "3204")
    assert rows == [("320411", "新北区", 3, 1), ("320412", "武进区", 3, 2)]
    assert stats.region_pass_counts(samples, "32") == [("3204", "常州市", 6, 3)]
    township = Region.objects.get(code="320412001").name
    assert stats.region_pass_counts(samples, "320412") == [("320412001", township, 3, 2)]
    # 新北区 itself at township level: its samples lie in the county, not a township.
    assert stats.region_pass_counts(samples, "320411") == [("320411000", "新北区 (itself)", 3, 1)]


def test_lift_counts_failures_by_share(new_plan, set_quota, catalogue, maker, inspector, office):
    from zhiliang.inspections import services
    from zhiliang.inspections.models import Sample

    fridge = catalogue["0101"]
    plan = new_plan()
    set_quota(plan, fridge, 10, region_code="320412")
    for c in "ABCDABCDABCD":
        maker(fridge, "320412", risk_class=c)
    inspector("3204")
    inspector("3204")
    assert stats.lift(Sample.objects.all()) is None  # nothing drawn yet
    draw = services.draw_run(actor=office, plan=plan, seed=3)
    services.draw_publish(actor=office, draw=draw)
    # Every weighted pick fails, one random pick of the two fails.
    random_seen = 0
    for pick in draw.picks.select_related("enterprise").order_by("id"):
        if pick.share == "weighted":
            verdict = "fail"
        else:
            random_seen += 1
            verdict = "fail" if random_seen == 1 else "pass"
        items = [{"item": "标识", "verdict": verdict}]
        services.sample_record(
            actor=office,
            plan=plan,
            enterprise=pick.enterprise,
            product=fridge,
            data={"sampled_on": "2025-05-06"},
            test_items=items,
            pick=pick,
        )
    lift = stats.lift(Sample.objects.all())
    assert (lift.weighted_failed, lift.weighted_total) == (8, 8)
    assert (lift.random_failed, lift.random_total) == (1, 2)
    # A zero cell (no weighted pass) → 0.5 added: RR = (8.5/9) / (1.5/3).
    assert lift.corrected and lift.risk_ratio == pytest.approx((8.5 / 9) / (1.5 / 3))


def test_samples_recorded_at_the_scope_itself_are_named_after_it():
    assert stats._own_level("320411000") == "320411"
    assert stats._own_level("320400") == "3204"
    assert stats._own_level("320412001") == "320412001"
    assert stats._own_level("3204") == "3204"
