"""The best delay any method could reach on a cell, beside the one the configured signals reach.

The yardstick is a CUSUM that knows the cell's baseline rate exactly and is tuned to the
doubling itself, its limit set so that it alarms in control once in ARL₀ = 1 / (the goal's
false-alarm rate) periods. Among all procedures that alarm at period ends with that in-control
run length or longer, this CUSUM has the smallest worst-case expected delay (Lorden's
criterion; Moustakides 1986, Ann. Statist. 14:1379), and for a CUSUM the worst case is the
start from zero, which is what is simulated here. So when its mean delay on a cell exceeds the
goal, no method and no choice of limits meets the goal on that cell at that false-alarm rate:
the cell has too few samples a period. `samples_needed` says how many it would need.
"""

import numpy as np

from zhiliang.risk.signals import stats
from zhiliang.risk.signals.limits import SAMPLE_GRID

ODDS_DOUBLING = 2.0  # the change the goal is about; the optimal CUSUM is tuned to it


def best_delay(n: int, p: float, *, arl0: float, params: dict, reps: int, horizon: int) -> float:
    """Mean periods until the optimal CUSUM finds a doubling of rate `p` in a cell of `n`
    samples a period (horizon + 1 when it does not within the horizon)."""
    cfg = params["cusum"]
    seed = int(cfg["simulation_seed"])
    h = stats.cusum_limit(
        n, p, odds_ratio=ODDS_DOUBLING, arl0=arl0, chains=int(cfg["simulation_chains"]), seed=seed
    )
    rng = np.random.default_rng([seed, 7, n, int(round(p * 100000))])
    x = rng.binomial(n, min(2 * p, 1.0), size=(reps, horizon))
    _s, alarm, _st = stats.cusum(
        np.full((reps, horizon), n), x, np.full(reps, p), np.full(reps, h), ODDS_DOUBLING
    )
    first = np.where(alarm.any(axis=1), np.argmax(alarm, axis=1) + 1, horizon + 1)
    return float(first.mean())


def bound(n_median: int, p_median: float, rates, *, params: dict) -> dict:
    """The optimal delay on the median cell, and per baseline rate the fewest samples a
    period (on the limits' sample grid) with which it meets the delay goal."""
    cfg = params["calibration"]
    goal_far, goal_delay = float(cfg["goal_false_alarm_rate"]), float(cfg["goal_detection_delay"])
    arl0 = 1 / goal_far
    reps, horizon = int(cfg["replicates"]), int(cfg["periods"])

    def delay(n, p):
        return best_delay(int(n), float(p), arl0=arl0, params=params, reps=reps, horizon=horizon)

    needed = {}
    for p in sorted({round(float(r), 4) for r in rates}):
        needed[str(p)] = next((int(n) for n in SAMPLE_GRID if delay(n, p) <= goal_delay), None)
    best = delay(max(int(n_median), 1), p_median)
    return {
        "arl0": arl0,
        "median_cell_delay": round(best, 2),
        "goal_reachable_on_median_cell": bool(best <= goal_delay),
        "samples_needed": needed,
    }
