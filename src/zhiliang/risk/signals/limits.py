"""CUSUM limits per (samples per period, baseline rate), rounded to grids and cached in
the database (`risk.CusumLimit`): simulated once, then one query per run."""

import numpy as np

from zhiliang.risk.signals import stats

SAMPLE_GRID = np.array(
    [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000]
)
RATE_GRID = np.array([5, 10, 15, 20, 30, 40, 50, 70, 100, 150, 200, 300, 400, 500])  # ‰


def nearest(grid, values):
    """Each value to the grid point nearest on a log scale."""
    values = np.maximum(np.asarray(values, dtype=float), 1e-9)
    idx = np.abs(np.log(values)[:, None] - np.log(grid)[None, :]).argmin(axis=1)
    return grid[idx]


def limits_for(n, p0, *, params: dict, store: bool = True):
    """h per cell for its typical samples per period `n` and baseline `p0`."""
    from zhiliang.risk.models import CusumLimit

    cfg = params["cusum"]
    odds, arl0 = float(cfg["odds_ratio"]), int(cfg["arl0"])
    n_key = nearest(SAMPLE_GRID, n)
    r_key = nearest(RATE_GRID, np.asarray(p0) * 1000)
    wanted = set(zip(n_key.tolist(), r_key.tolist(), strict=True))
    known = {
        (s, r): h
        for s, r, h in CusumLimit.objects.filter(
            odds_ratio=odds, arl0=arl0, samples__in={s for s, _r in wanted}
        ).values_list("samples", "rate_permille", "h")
    }
    new = []
    for s, r in sorted(wanted - set(known)):  # distinct keys only, a few dozen at most
        h = stats.cusum_limit(
            s,
            r / 1000,
            odds_ratio=odds,
            arl0=arl0,
            chains=int(cfg["simulation_chains"]),
            seed=int(cfg["simulation_seed"]),
        )
        known[(s, r)] = h
        new.append(CusumLimit(samples=s, rate_permille=r, odds_ratio=odds, arl0=arl0, h=h))
    if new and store:
        CusumLimit.objects.bulk_create(new, ignore_conflicts=True)
    h = np.array([known[(s, r)] for s, r in zip(n_key.tolist(), r_key.tolist(), strict=True)])
    return h, n_key, r_key / 1000
