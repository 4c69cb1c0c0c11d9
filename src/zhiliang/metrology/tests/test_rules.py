"""The net-content tolerance and verdict worked by hand (JJF 1070), and the dispenser MPE."""

import pytest

from zhiliang.metrology import rules


@pytest.mark.parametrize(
    ("nominal", "t"),
    [(40, 3.6), (50, 4.5), (80, 4.5), (150, 6.75), (250, 9), (500, 15), (800, 15),
     (5000, 75), (12000, 150), (20000, 200)],
)  # fmt: skip
def test_tolerated_shortfall_table(nominal, t):
    assert rules.tolerance(nominal) == pytest.approx(t)


def test_sampling_plan():
    assert rules.sampling(8) == {"n": 8, "lambda": 0.0, "allowed": 0}
    assert rules.sampling(30) == {"n": 10, "lambda": 1.028, "allowed": 0}
    assert rules.sampling(300)["n"] == 50 and rules.sampling(300)["allowed"] == 3
    assert rules.sampling(5000)["n"] == 125


VALUES = [498, 502, 495, 501, 499, 503, 497, 500, 496, 504]


def test_net_content_worked_case_passes():
    """500 g, lot of 30 → n = 10, λ = 1.028, no unit may fall short by more than T = 3 % ×
    500 = 15 g. Mean = 4995 / 10 = 499.5; Σ(x − x̄)² = 82.5, s = √(82.5 / 9) = 3.0277;
    limit = 500 − 1.028 × 3.0277 = 496.888 ≤ 499.5: the lot passes."""
    v = rules.judge_net_content(VALUES, nominal=500, lot_size=30)
    assert v.tolerance == 15 and v.n == 10
    assert v.mean == pytest.approx(499.5)
    assert v.std == pytest.approx(3.0277, abs=1e-4)
    assert v.mean_limit == pytest.approx(496.8875, abs=1e-3)
    assert (v.beyond_t, v.beyond_2t, v.verdict) == (0, 0, rules.PASS)


def test_net_content_worked_case_fails_on_one_unit_short_by_more_than_t():
    """One unit at 484 g: short by 16 g > T = 15 g, and a lot of 30 allows none."""
    values = [484, *VALUES[1:]]
    v = rules.judge_net_content(values, nominal=500, lot_size=30)
    assert (v.beyond_t, v.beyond_2t, v.verdict) == (1, 0, rules.FAIL)
    assert "more than T = 15" in v.reasons[0]


def test_net_content_beyond_2t_and_mean():
    values = [469, *VALUES[1:]]  # short by 31 g > 2T = 30 g
    v = rules.judge_net_content(values, nominal=500, lot_size=30)
    assert v.beyond_2t == 1 and v.verdict == rules.FAIL
    # All within T but the mean too low: 10 units at 490 g, s = 0 → limit 500.
    v = rules.judge_net_content([490] * 10, nominal=500, lot_size=30)
    assert (v.beyond_t, v.verdict) == (0, rules.FAIL) and "mean" in v.reasons[0]


def test_dispenser_mpe():
    assert rules.judge_mpe([0.1, -0.2, 0.3], subject="fuel_dispenser").verdict == rules.PASS
    v = rules.judge_mpe([0.1, -0.35, 0.2], subject="fuel_dispenser")
    assert (v.verdict, v.beyond_t, v.max_error) == (rules.FAIL, 1, 0.35)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("重点耗能单位计量器具配备率", "metrology.energy_meter_rate"),
        ("生产性服务业顾客满意度指数", "satisfaction.customer_index.productive_services"),
        ("生活性服务业顾客满意度指数", "satisfaction.customer_index.consumer_services"),
        ("顾客满意度指数", "satisfaction.customer_index"),
    ],
)
def test_targets_are_suggested_these_indicators(text, code):
    from zhiliang.assessments.matching import suggest_code

    assert suggest_code(text) == code
