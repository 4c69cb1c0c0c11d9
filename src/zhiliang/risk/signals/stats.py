"""The statistics of the signals, on aggregated cells (NumPy arrays, one row per cell).

- `cusum`: the Bernoulli/binomial CUSUM of Steiner, Cook & Farewell (1999) with a
  per-period binomial count: W = x·log(p1/p0) + (n−x)·log((1−p1)/(1−p0)), S = max(0, S+W),
  an alarm when S > h, then S starts again from 0.
- `cusum_limit`: h for an in-control average run length ARL₀, by simulating chains of the
  in-control process and bisecting on h (the run length of a chain for a limit is the first
  period its running maximum exceeds it).
- `funnel_z`: Spiegelhalter's (2005) overdispersion-adjusted z-scores, per group of cells.
- `count_sf`: P(X ≥ k) under a Poisson or a negative binomial (method of moments).
- `bh_reject`: Benjamini–Hochberg at q.
"""

import math

import numpy as np

_ERFC = np.vectorize(math.erfc, otypes=[float])


def norm_sf(z):
    """Upper tail of the standard normal, exact (math.erfc per cell)."""
    z = np.asarray(z, dtype=float)
    if z.size == 0:
        return z.copy()
    return 0.5 * _ERFC(z / math.sqrt(2.0))


def alt_rate(p0, odds_ratio: float):
    p0 = np.asarray(p0, dtype=float)
    return odds_ratio * p0 / (1.0 - p0 + odds_ratio * p0)


def weights(p0, odds_ratio: float):
    """The CUSUM's increments per failure (a) and per pass (b)."""
    p0 = np.asarray(p0, dtype=float)
    p1 = alt_rate(p0, odds_ratio)
    return np.log(p1 / p0), np.log((1.0 - p1) / (1.0 - p0))


def cusum(n, x, p0, h, odds_ratio: float):
    """Run the CUSUM over periods (columns) for every cell (rows).

    Returns (S after each period, alarm mask, start period of the run at each period)."""
    n = np.asarray(n, dtype=float)
    x = np.asarray(x, dtype=float)
    a, b = weights(p0, odds_ratio)
    cells, periods = n.shape
    s = np.zeros(cells)
    start = np.zeros(cells, dtype=int)
    out = np.zeros((cells, periods))
    alarm = np.zeros((cells, periods), dtype=bool)
    starts = np.zeros((cells, periods), dtype=int)
    for t in range(periods):  # periods, not rows: every cell at once
        s = np.maximum(0.0, s + a * x[:, t] + b * (n[:, t] - x[:, t]))
        out[:, t] = s
        starts[:, t] = start
        hit = s > h
        alarm[:, t] = hit
        quiet = s <= 0.0
        s = np.where(hit, 0.0, s)
        start = np.where(hit | quiet, t + 1, start)
    return out, alarm, starts


def _running_max(rng, n: int, p: float, *, p0: float, odds_ratio: float, chains, periods):
    """The running maximum of `chains` CUSUMs from 0 on data of rate `p`."""
    a, b = weights(p0, odds_ratio)
    x = rng.binomial(n, p, size=(chains, periods)).astype(float)
    w = a * x + b * (n - x)
    s = np.zeros(chains)
    top = np.zeros(chains)
    running = np.empty((chains, periods))
    for t in range(periods):  # periods, every chain at once
        s = np.maximum(0.0, s + w[:, t])
        top = np.maximum(top, s)
        running[:, t] = top
    return running


def first_passage(running, h):
    """Periods until the running maximum first exceeds h (censored at the last period)."""
    over = running > h
    hit = over.any(axis=1)
    first = np.argmax(over, axis=1) + 1
    return np.where(hit, first, running.shape[1])


def run_lengths(n: int, p: float, h: float, *, p0: float, odds_ratio: float, chains, periods, rng):
    """Periods until the first alarm of `chains` CUSUMs from 0 (censored at `periods`)."""
    running = _running_max(rng, n, p, p0=p0, odds_ratio=odds_ratio, chains=chains, periods=periods)
    return first_passage(running, h)


def cusum_limit(n: int, p0: float, *, odds_ratio: float, arl0: float, chains: int, seed: int):
    """The smallest h whose simulated in-control ARL reaches `arl0` (chains censored at
    5·ARL₀, which errs towards a higher limit)."""
    rng = np.random.default_rng([seed, n, int(round(p0 * 100000))])
    running = _running_max(
        rng, n, p0, p0=p0, odds_ratio=odds_ratio, chains=chains, periods=int(5 * arl0)
    )
    # A chain's run length for h is 1 + its periods with running maximum ≤ h, so the mean
    # run length reaches ARL₀ once (ARL₀ − 1)·chains of all the values lie at or below h.
    values = running.ravel()
    k = min(int(np.ceil((arl0 - 1) * chains)), values.size) - 1
    return float(np.partition(values, k)[k])


def funnel_z(n, x, group, *, winsor: float, method: str):
    """Adjusted z-scores of cells against their group's pooled rate (Spiegelhalter 2005).

    `group` numbers the cells' groups (product × level × period). Returns (z_adj, target
    rate per cell, φ per cell)."""
    n = np.asarray(n, dtype=float)
    x = np.asarray(x, dtype=float)
    group = np.asarray(group)
    groups = int(group.max()) + 1 if group.size else 0
    gn = np.bincount(group, weights=n, minlength=groups)
    gx = np.bincount(group, weights=x, minlength=groups)
    target = np.where(gn > 0, gx / np.maximum(gn, 1), 0.0)[group]
    var = target * (1 - target) / np.maximum(n, 1)
    ok = var > 0
    s = np.sqrt(np.where(ok, var, 1.0))
    z = np.where(ok, (x / np.maximum(n, 1) - target) / s, 0.0)
    # Winsorise z within each group at the `winsor` and 1 − `winsor` ranks.
    order = np.lexsort((z, group))
    size = np.bincount(group, minlength=groups)
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    lo_i = first + np.floor(winsor * size).astype(int)
    hi_i = first + np.maximum(np.ceil((1 - winsor) * size).astype(int) - 1, 0)
    zs = z[order]
    lo = zs[np.minimum(lo_i, len(zs) - 1)][group] if len(zs) else z
    hi = zs[np.minimum(hi_i, len(zs) - 1)][group] if len(zs) else z
    zw = np.clip(z, lo, hi)
    phi = np.bincount(group, weights=zw**2, minlength=groups) / np.maximum(size, 1)
    phi_c = phi[group]
    if method == "multiplicative":
        z_adj = np.where(phi_c > 1, z / np.sqrt(np.maximum(phi_c, 1)), z)
        return z_adj, target, phi_c
    w = np.where(ok, 1 / np.where(ok, var, 1.0), 0.0)
    sw = np.bincount(group, weights=w, minlength=groups)
    sw2 = np.bincount(group, weights=w**2, minlength=groups)
    denom = sw - sw2 / np.maximum(sw, 1e-12)
    tau2 = np.where(denom > 0, (size * phi - (size - 1)) / np.where(denom > 0, denom, 1), 0.0)
    tau2 = np.where(phi > 1, np.maximum(tau2, 0.0), 0.0)[group]
    z_adj = np.where(
        ok, (x / np.maximum(n, 1) - target) / np.sqrt(np.where(ok, var, 1.0) + tau2), 0.0
    )
    return z_adj, target, phi_c


def count_sf(k, mean, var):
    """P(X ≥ k) per cell, and the smallest count c with P(X ≥ c) below each `level` is
    found by `critical_count`. Poisson where var ≤ mean, negative binomial otherwise."""
    return _count_tail(k, mean, var)[0]


def _count_tail(k, mean, var):
    k = np.asarray(k, dtype=int)
    mean = np.asarray(mean, dtype=float)
    var = np.asarray(var, dtype=float)
    if k.size == 0:
        return np.zeros(0), np.zeros((0, 1))
    span = int(max(k.max(), (mean + 30 * np.sqrt(np.maximum(var, mean)) + 30).max())) + 1
    j = np.arange(span, dtype=float)
    log_fact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, span)))])
    nb = var > mean * (1 + 1e-9)
    r = np.where(nb, mean**2 / np.where(nb, var - mean, 1.0), 1.0)
    q = np.where(nb, r / (r + mean), 0.5)  # 0.5: unused, keeps the logs finite
    # Poisson: j·log m − m − log j!
    logp = j[None, :] * np.log(mean)[:, None] - mean[:, None] - log_fact[None, :]
    # Negative binomial: log Γ(j+r) − log Γ(r) = Σ_{i<j} log(r+i)
    steps = np.log(r[:, None] + j[None, :-1])
    lg = np.concatenate([np.zeros((len(r), 1)), np.cumsum(steps, axis=1)], axis=1)
    lognb = lg - log_fact[None, :] + (r * np.log(q))[:, None] + j[None, :] * np.log1p(-q)[:, None]
    pmf = np.exp(np.where(nb[:, None], lognb, logp))
    tail = np.cumsum(pmf[:, ::-1], axis=1)[:, ::-1]  # tail[:, c] = P(X ≥ c)
    sf = np.clip(tail[np.arange(len(k)), np.minimum(k, span - 1)], 0.0, 1.0)
    return sf, tail


def critical_count(mean, var, level):
    """The smallest count c with P(X ≥ c) ≤ `level`, per cell."""
    mean = np.asarray(mean, dtype=float)
    _sf, tail = _count_tail(np.zeros(len(mean), dtype=int), mean, var)
    below = tail <= np.asarray(level, dtype=float)[:, None]
    return np.where(below.any(axis=1), np.argmax(below, axis=1), tail.shape[1])


def bh_reject(p, q: float):
    """Benjamini–Hochberg: which p-values are rejected at false-discovery rate q, and the
    p-value threshold (0 when none is)."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return np.zeros(0, dtype=bool), 0.0
    order = np.sort(p)
    below = order <= q * np.arange(1, m + 1) / m
    if not below.any():
        return np.zeros(m, dtype=bool), 0.0
    cutoff = order[np.nonzero(below)[0].max()]
    return p <= cutoff, float(cutoff)
