"""The index of a cell (sector × region) from its aggregates, in NumPy: weighted mean, its
95 % interval with the effective sample size, and whether it may be published.

The database sums per cell (n, Σw, Σw·x, Σw·x², Σw²); nothing here sees a response.
"""

from dataclasses import dataclass

import numpy as np

from zhiliang.satisfaction import rules

SUPPRESSED, SMALL, OK = "suppressed", "small", "ok"
MET, NOT_MET, CANNOT_TELL = "met", "not_met", "cannot_tell"


@dataclass(frozen=True)
class Cell:
    n: int
    index: float | None
    low: float | None
    high: float | None
    quality: str  # suppressed / small / ok
    target: str | None  # met / not_met / cannot_tell; None when suppressed


def cells(n, sw, swx, swx2, sw2) -> list[Cell]:
    """Arrays of the per-cell sums → one Cell each."""
    n, sw, swx, swx2, sw2 = (np.asarray(a, dtype=float) for a in (n, sw, swx, swx2, sw2))
    rep = rules.reporting()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = swx / sw
        # Weighted population variance, then the Kish effective sample size (Σw)² / Σw².
        var = np.maximum(swx2 / sw - mean**2, 0.0) * n / np.maximum(n - 1, 1)
        n_eff = sw**2 / sw2
        half = float(rep["z"]) * np.sqrt(var / n_eff)
    out = []
    for i in range(len(n)):
        count = int(n[i])
        if count < int(rep["suppress_below"]):
            out.append(Cell(count, None, None, None, SUPPRESSED, None))
            continue
        quality = SMALL if count < int(rep["mark_below"]) else OK
        lo, hi = float(mean[i] - half[i]), float(mean[i] + half[i])
        out.append(Cell(count, float(mean[i]), lo, hi, quality, target_state(lo, hi)))
    return out


def target_state(low: float, high: float) -> str:
    """The target (≥ 80 from the design) against the interval: met when the whole interval
    reaches it, not met when none of it does, else cannot tell."""
    from zhiliang.plans.selectors import interval_state

    t = rules.target()
    return interval_state(t["comparator"], float(t["value"]), low, high)
