"""The signals' statistics, their false alarms on data in control, and the planted problem."""

import math

import numpy as np
import pytest

from zhiliang.risk import rules
from zhiliang.risk.signals import engine, stats
from zhiliang.risk.signals.cells import Cells, period_bounds, period_of


def test_poisson_and_negative_binomial_tails():
    # P(X ≥ 5) for Poisson(2): 1 − Σ_{k<5} e⁻² 2ᵏ/k!
    expected = 1 - sum(math.exp(-2) * 2**k / math.factorial(k) for k in range(5))
    assert stats.count_sf([5], [2.0], [2.0])[0] == pytest.approx(expected, rel=1e-9)
    # A negative binomial with variance 6, mean 2 (r = 1: geometric, P(X ≥ k) = (1−p)^k).
    assert stats.count_sf([3], [2.0], [6.0])[0] == pytest.approx((2 / 3) ** 3, rel=1e-9)
    assert stats.critical_count([2.0], [2.0], [0.05])[0] == 6


def test_benjamini_hochberg():
    reject, cutoff = stats.bh_reject([0.001, 0.02, 0.03, 0.5], 0.10)
    assert reject.tolist() == [True, True, True, False] and cutoff == 0.03


def test_cusum_limit_grows_with_the_run_length():
    low = stats.cusum_limit(20, 0.05, odds_ratio=2, arl0=50, chains=1000, seed=1)
    high = stats.cusum_limit(20, 0.05, odds_ratio=2, arl0=200, chains=1000, seed=1)
    assert 0 < low < high


def test_funnel_flags_the_outlier_only():
    n = np.full(10, 100)
    x = np.array([5, 6, 4, 5, 7, 5, 6, 4, 5, 30])
    z, target, _phi = stats.funnel_z(n, x, np.zeros(10, dtype=int), winsor=0.1, method="additive")
    assert np.nonzero(z > 3.09)[0].tolist() == [9]
    assert target[0] == pytest.approx(x.sum() / n.sum())


def _in_control(rng, groups: int, per_group: int, periods: int) -> Cells:
    rates = rng.choice([0.02, 0.05, 0.1], size=groups)
    n = rng.choice([5, 10, 20, 40], size=(groups * per_group, 1)) * np.ones(periods, dtype=int)
    p = np.repeat(rates, per_group)[:, None]
    x = rng.binomial(n, p)
    product = np.repeat(np.arange(groups), per_group)
    region = np.tile(320401 + np.arange(per_group), groups)
    return Cells(product, region, np.full(len(product), 3), 0, {"n": n, "x": x})


@pytest.mark.django_db
def test_in_control_data_stays_within_the_calibrated_false_alarm_rate():
    """Nothing planted: the signals of the latest periods stay within the measured
    false-alarm rate (seeded; fails when the limits or the funnel are set too loose)."""
    from zhiliang.risk.signals.calibrate import calibrate

    params = rules.signals()
    figures = calibrate(params)
    assert figures["false_alarm_rate"] <= params["calibration"]["goal_false_alarm_rate"]
    assert figures["arl0"] >= 0.8 * params["cusum"]["arl0"]
    rng = np.random.default_rng(7)
    cells = _in_control(rng, groups=40, per_group=10, periods=12)
    keep = int(params["period"]["keep_open"])
    alarms = engine.cusum_alarms(cells, params, keep) + engine.funnel_alarms(cells, params, keep)
    cell_periods = cells.size * keep
    # The 99.9 % binomial bound of the calibrated rate over these cell-periods.
    rate = max(figures["false_alarm_rate"], 1e-4)
    mean, sd = cell_periods * rate, math.sqrt(cell_periods * rate * (1 - rate))
    assert len(alarms) <= mean + 3.1 * sd + 1, (len(alarms), cell_periods, rate)
    # A doubling is found, sooner with more samples per period.
    assert figures["detection_delay_doubling"] < figures["periods"]
    assert figures["delay_by_samples"]["40"] <= figures["delay_by_samples"]["5"]


def test_the_optimal_cusum_bounds_what_the_configured_signals_can_reach():
    """The yardstick (a CUSUM knowing the baseline, tuned to the doubling, ARL₀ = 100) is
    at least as fast as the configured signals, faster with more samples, and a cell of
    a few samples a quarter cannot find a doubling within two periods at 1 false alarm
    per 100 cell-periods; a cell of 500 can."""
    from zhiliang.risk.signals.bound import best_delay, bound

    params = rules.signals()
    cfg = params["calibration"]

    def delay(n):
        return best_delay(n, 0.05, arl0=100, params=params, reps=400, horizon=40)

    small, mid, large = delay(5), delay(40), delay(500)
    assert small > mid > large
    assert small > cfg["goal_detection_delay"] >= large
    figures = bound(20, 0.05, [0.02, 0.05, 0.1], params=params)
    assert figures["arl0"] == 100
    assert not figures["goal_reachable_on_median_cell"]
    needed = figures["samples_needed"]
    assert needed["0.02"] >= needed["0.05"] >= needed["0.1"] > 20


def test_periods():
    from datetime import date

    index = period_of(date(2026, 12, 6), "quarter")
    assert period_bounds(index, "quarter") == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds(period_of(date(2026, 2, 3), "month"), "month")[1] == date(2026, 2, 28)


@pytest.mark.django_db
def test_the_demo_finds_the_planted_problem(changzhou):
    from zhiliang.risk.choices import SignalMethod
    from zhiliang.risk.demo import demo_risk_step
    from zhiliang.risk.models import Calibration, RiskInformation, Signal

    demo_risk_step(seed=1)
    found = set(
        Signal.objects.filter(
            status="open", region__code="320412", product__code="0401"
        ).values_list("method", flat=True)
    )
    assert SignalMethod.CUSUM in found and SignalMethod.SPIKE in found
    # The same problem shows in the city's and the province's cells; elsewhere at county
    # level only what the calibrated false-alarm rate allows (19 other county cells).
    assert Signal.objects.filter(status="open", region__code="3204", product__code="0401").exists()
    # 新北区's children's bicycles carry a planted complaint cluster: found as a spike.
    assert Signal.objects.filter(
        status="open", region__code="320411", product__code="0404", method=SignalMethod.SPIKE
    ).exists()
    others = (
        Signal.objects.filter(status="open", region__level=3)
        .exclude(region__code="320412", product__code="0401")
        .exclude(region__code="320411", product__code="0404")
    )
    assert others.count() <= 2
    assert RiskInformation.objects.filter(source_kind="sampling").exists()
    from zhiliang.risk.services import risk_information_feed_sampling

    assert risk_information_feed_sampling() == 0  # each failed sample once
    assert Calibration.objects.exists()
    assert demo_risk_step(seed=1) == "risk: already loaded"


def _series(c, start=None):
    from zhiliang.risk.signals.engine import CountCells

    c = np.asarray(c)
    cells = Cells(np.arange(len(c)), np.full(len(c), 320412), np.full(len(c), 3), 0, {"c": c})
    return CountCells("injury", cells, None if start is None else np.asarray(start))


def test_a_count_series_starts_where_its_source_starts():
    """A source that began inside the history window: its zeros before the start are no
    data. Read as zeros they halve the cell's mean and make its history look overdispersed;
    from its start, the steady cell is quiet and the rising one found against its own level."""
    params = rules.signals()
    steady = [0, 0, 0, 0, 0, 0, 10, 11, 9, 10, 10, 11]
    rising = [0, 0, 0, 0, 0, 0, 10, 11, 9, 10, 18, 19]
    tests, _level = engine.spike_tests([_series([steady, rising])], params)
    assert tests[4].tolist() == [5.0] * 4  # the mean as zeros make it
    started = engine.spike_alarms([_series([steady, rising], start=[6, 6])], params)
    assert [a.product_id for a in started] == [1]
    assert started[0].baseline == pytest.approx(10.0)
    assert started[0].events == 19 >= started[0].limit
    # A source younger than the least history is not tested at all.
    young = engine.spike_alarms([_series([rising], start=[9])], params)
    assert young == []


def test_cities_start_with_their_last_reporting_county():
    from zhiliang.risk.signals.cells import rolled_up, start_columns

    rows = np.array([[1, 320411, 5, 4], [1, 320412, 8, 6]], dtype=np.int64)
    cells = rolled_up(rows, first=2, periods=10, names=("c",))
    start = start_columns(cells, {320411: 5, 320412: 8})
    by_region = dict(zip(cells.region.tolist(), start.tolist(), strict=True))
    assert by_region == {320411: 3, 320412: 6, 3204: 6, 32: 6}


@pytest.mark.django_db
def test_the_demo_finds_the_planted_injury_cluster(changzhou, regions):
    """The injury cluster of 0401 in 武进区, planted over the quarters of the failure rise,
    is a spike of injury reports there, named as such; the hospitals' start (a year ago,
    inside the signals' history) makes no spike elsewhere."""
    from zhiliang.injuries.demo import demo_injuries_step
    from zhiliang.risk.choices import SignalMethod
    from zhiliang.risk.demo import demo_risk_step
    from zhiliang.risk.models import Signal
    from zhiliang.risk.presenting import signal_words

    demo_injuries_step(seed=1)
    demo_risk_step(seed=1)
    injury = Signal.objects.filter(status="open", method=SignalMethod.INJURY)
    planted = injury.filter(region__code="320412", product__code="0401").get()
    assert planted.events > planted.limit >= planted.baseline
    words = signal_words(planted)
    assert "injury cases" in words and "complaints" not in words.split(";")[0]
    spike = Signal.objects.filter(
        status="open", method=SignalMethod.SPIKE, region__code="320412", product__code="0401"
    ).get()
    assert "complaints against" in signal_words(spike)
    # Elsewhere at county level: within what the false-discovery control allows.
    others = injury.filter(region__level=3).exclude(region__code="320412", product__code="0401")
    assert others.count() <= 2, list(others.values_list("region__code", "product__code"))
