"""Calibration of the configured signals by simulation: how often they alarm on data in
control (per cell-period), the CUSUM's in-control run length, and how many periods a
doubling of a cell's failure rate takes to be found.

The simulated cells are the database's own when it has sampling data (per product: its
county cells' typical samples per period at the product's failure rate), else the grid of
`calibration` in data/signals.yaml. Seeded: the same parameters give the same figures.
"""

import numpy as np

from zhiliang.risk.signals import engine, stats
from zhiliang.risk.signals.bound import bound
from zhiliang.risk.signals.cells import Cells
from zhiliang.risk.signals.engine import typical_samples
from zhiliang.risk.signals.limits import limits_for

MAX_GROUPS, MAX_CELLS = 20, 12


def grid_cells(params: dict):
    cfg = params["calibration"]
    sizes, rates = cfg["samples_per_period"], cfg["rates"]
    n = np.array([s for _r in rates for s in sizes])
    p = np.array([r for r in rates for _s in sizes], dtype=float)
    group = np.repeat(np.arange(len(rates)), len(sizes))
    return n, p, group


def data_cells(cells, params: dict):
    """County cells of the products with at least three of them, at the product's rate."""
    if cells is None or cells.size == 0:
        return None
    county = cells.level == 3
    n_all, x_all = cells.values["n"][county], cells.values["x"][county]
    product = cells.product[county]
    typical = typical_samples(n_all)
    has = n_all.sum(axis=1) > 0
    product, typical, n_all, x_all = product[has], typical[has], n_all[has], x_all[has]
    ids, group, counts = np.unique(product, return_inverse=True, return_counts=True)
    rate = np.bincount(group, weights=x_all.sum(axis=1)) / np.maximum(
        np.bincount(group, weights=n_all.sum(axis=1)), 1
    )
    cfg = params["baseline"]
    rate = np.clip(rate, float(cfg["min_rate"]), float(cfg["max_rate"]))
    chosen = np.nonzero(counts >= 3)[0]
    if len(chosen) == 0:
        return None
    chosen = chosen[np.linspace(0, len(chosen) - 1, min(MAX_GROUPS, len(chosen))).astype(int)]
    keep = np.zeros(len(product), dtype=bool)
    for g in chosen:  # the chosen products only
        idx = np.nonzero(group == g)[0][:MAX_CELLS]
        keep[idx] = True
    remap = np.full(len(ids), -1)
    remap[chosen] = np.arange(len(chosen))
    return typical[keep], rate[group[keep]], remap[group[keep]]


def calibrate(params: dict, cells=None, *, store_limits: bool = True) -> dict:
    """The figures, from the engine itself run on simulated cells: baselines estimated
    from the simulated history as on real data, limits from the cache."""
    cfg = params["calibration"]
    found = data_cells(cells, params)
    n, p, group = found if found is not None else grid_cells(params)
    source = "data" if found is not None else "grid"
    reps, horizon = int(cfg["replicates"]), int(cfg["periods"])
    history = int(params["period"]["history"])
    keep = int(params["period"]["keep_open"])
    hist = history - int(params["baseline"]["monitored"])
    rng = np.random.default_rng(int(cfg["seed"]))
    odds = float(params["cusum"]["odds_ratio"])
    c, groups = len(n), int(group.max()) + 1
    # In control, end to end: every replicate's cells as cells of their own products.
    sim = _simulated(n, p, group, reps, history, rng)
    cusum = engine.cusum_alarms(sim, params, keep)
    funnel = engine.funnel_alarms(sim, params, keep)
    cell_periods = reps * c * keep
    false_alarm_rate = (len(cusum) + len(funnel)) / cell_periods
    # The CUSUM's own run length in control (true baseline, restarted after each alarm).
    h = limits_for(n, p, params=params, store=store_limits)[0]
    x = rng.binomial(n[None, :, None], p[None, :, None], size=(reps, c, horizon))
    nn = np.broadcast_to(n[None, :, None], x.shape).reshape(reps * c, horizon)
    _s, alarm, _st = stats.cusum(
        nn, x.reshape(reps * c, horizon), np.tile(p, reps), np.tile(h, reps), odds
    )
    cusum_rate = float(alarm.mean())
    # A doubling after the history: the baseline estimated from the history in control,
    # the CUSUM from zero on the doubled rate (the funnel can only make it sooner).
    before = _simulated(n, p, group, reps, hist + int(params["baseline"]["monitored"]), rng)
    p0 = engine.baselines(before, params)
    h0 = limits_for(
        engine.typical_samples(before.values["n"]), p0, params=params, store=store_limits
    )[0]
    x2 = rng.binomial(
        n[None, :, None], np.minimum(2 * p, 1.0)[None, :, None], size=(reps, c, horizon)
    )
    _s2, alarm2, _st2 = stats.cusum(nn, x2.reshape(reps * c, horizon), p0, h0, odds)
    first = np.where(alarm2.any(axis=1), np.argmax(alarm2, axis=1) + 1, horizon + 1)
    delay = np.median(first.reshape(reps, c), axis=0)
    median_cell = int(np.argsort(n, kind="stable")[len(n) // 2])
    goal = float(cfg["goal_false_alarm_rate"]), float(cfg["goal_detection_delay"])
    return {
        "false_alarm_rate": round(false_alarm_rate, 5),
        "false_alarm_rate_cusum": round(len(cusum) / cell_periods, 5),
        "false_alarm_rate_funnel": round(len(funnel) / cell_periods, 5),
        "false_alarm_rate_counts": round(_spike_false_alarms(params, rng), 5),
        "arl0": round(1 / cusum_rate, 1) if cusum_rate else None,
        "arl0_target": int(params["cusum"]["arl0"]),
        "detection_delay_doubling": float(np.median(delay)),
        "median_cell": {
            "samples_per_period": int(n[median_cell]),
            "rate": round(float(p[median_cell]), 4),
            "delay": float(delay[median_cell]),
        },
        "delay_by_samples": {str(int(s)): float(np.median(delay[n == s])) for s in np.unique(n)},
        "cells": int(c),
        "groups": groups,
        "cell_periods": int(cell_periods),
        "cells_from": source,
        "periods": horizon,
        "replicates": reps,
        "goal_false_alarm_rate": goal[0],
        "goal_detection_delay": goal[1],
        "meets_false_alarm_goal": bool(false_alarm_rate <= goal[0]),
        "meets_delay_goal": bool(np.median(delay) <= goal[1]),
        # What no method could beat on these cells at the goal's false-alarm rate.
        "best_possible": bound(
            int(n[median_cell]), float(p[median_cell]), np.unique(p), params=params
        ),
    }


def _simulated(n, p, group, reps, periods, rng) -> Cells:
    """`reps` copies of the cells in control, each copy's groups as products of their own."""
    c, groups = len(n), int(group.max()) + 1
    x = rng.binomial(n[None, :, None], p[None, :, None], size=(reps, c, periods))
    nn = np.broadcast_to(n[None, :, None], x.shape)
    product = (np.arange(reps)[:, None] * groups + group[None, :]).ravel()
    region = np.tile(110101 + np.arange(c), reps)
    return Cells(
        product,
        region,
        np.full(reps * c, 3),
        0,
        {"n": nn.reshape(reps * c, periods).copy(), "x": x.reshape(reps * c, periods)},
    )


def _spike_false_alarms(params, rng) -> float:
    """Poisson counts in control (means 0.5–10 a period), the latest periods tested against
    the history with the configured test and BH across the cells of a run: rejected tests
    per cell-period tested."""
    from zhiliang.risk.choices import SignalMethod
    from zhiliang.risk.signals.engine import CountCells, spike_tests

    cfg = params["calibration"]
    hist, tested = int(params["spike"]["history"]), int(params["spike"]["tested"])
    means = np.repeat([0.5, 1.0, 3.0, 10.0], 25)
    alarms = 0
    runs = int(cfg["replicates"])
    for _r in range(runs):  # one run of the test per replicate, every cell at once
        counts = _CountCells(rng.poisson(means[:, None], size=(len(means), hist + tested)))
        tests, _level = spike_tests([CountCells(SignalMethod.SPIKE, counts)], params)
        alarms += int(tests[-1].sum())
    return alarms / (runs * len(means) * tested)


class _CountCells:
    def __init__(self, c):
        self.values = {"c": c}
        self.product = np.zeros(len(c), dtype=int)
        self.region = np.full(len(c), 320412)
        self.first = 0
        self.size = len(c)

    def region_code(self, i):
        return str(int(self.region[i]))
