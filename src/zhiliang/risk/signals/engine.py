"""The three methods over the cells: which cells alarm in the latest periods, with the
figures a signal stores. Pure NumPy on `cells.Cells`; `services.signals_refresh` reads the
cells and writes the signals."""

from dataclasses import dataclass

import numpy as np

from zhiliang.risk.choices import SignalMethod
from zhiliang.risk.signals import stats
from zhiliang.risk.signals.limits import limits_for


@dataclass
class Alarm:
    method: str
    product_id: int
    region_code: str
    first: int  # period indices of the window
    last: int
    samples: int
    events: int
    statistic: float
    limit: float
    baseline: float
    p_value: float | None


def baselines(cells, params: dict):
    """Each cell's baseline failure rate: its history before the monitored periods, shrunk
    towards its product's rate at the same level (`baseline.prior_samples`)."""
    cfg = params["baseline"]
    n, x = cells.values["n"], cells.values["x"]
    hist = max(n.shape[1] - int(cfg["monitored"]), 0)
    hn, hx = n[:, :hist].sum(axis=1), x[:, :hist].sum(axis=1)
    # The product's rate at the cell's level, over all periods when its history is empty.
    group = np.unique(cells.product * 10 + cells.level, return_inverse=True)[1]
    gn = np.bincount(group, weights=n.sum(axis=1))
    gx = np.bincount(group, weights=x.sum(axis=1))
    prior = np.where(gn > 0, gx / np.maximum(gn, 1), 0.0)[group]
    k = float(cfg["prior_samples"])
    p0 = (hx + k * prior) / (hn + k)
    return np.clip(p0, float(cfg["min_rate"]), float(cfg["max_rate"]))


def typical_samples(n):
    """A cell's samples per period: the median over the periods with samples."""
    masked = np.where(n > 0, n, np.nan).astype(float)
    with np.errstate(all="ignore"):
        med = np.nanmedian(np.where(np.isnan(masked).all(axis=1)[:, None], 1.0, masked), axis=1)
    return np.maximum(np.rint(med), 1).astype(int)


def cusum_alarms(cells, params: dict, keep_open: int, limits=None) -> list[Alarm]:
    n, x = cells.values["n"], cells.values["x"]
    p0 = baselines(cells, params)
    h = limits if limits is not None else limits_for(typical_samples(n), p0, params=params)[0]
    s, alarm, starts = stats.cusum(n, x, p0, h, float(params["cusum"]["odds_ratio"]))
    periods = n.shape[1]
    recent = alarm[:, periods - keep_open :]
    rows = np.nonzero(recent.any(axis=1))[0]
    out = []
    for i in rows:  # the alarming cells only
        t = periods - keep_open + int(np.nonzero(recent[i])[0].max())
        a = int(starts[i, t])
        out.append(
            Alarm(
                SignalMethod.CUSUM,
                int(cells.product[i]),
                cells.region_code(i),
                cells.first + a,
                cells.first + t,
                int(n[i, a : t + 1].sum()),
                int(x[i, a : t + 1].sum()),
                float(s[i, t]),
                float(h[i]),
                float(p0[i]),
                None,
            )
        )
    return out


def funnel_alarms(cells, params: dict, keep_open: int) -> list[Alarm]:
    cfg, q = params["funnel"], float(params["fdr"]["q"])
    n, x = cells.values["n"], cells.values["x"]
    periods = n.shape[1]
    cols = np.arange(periods - keep_open, periods)
    cell = np.repeat(np.arange(cells.size), len(cols))
    col = np.tile(cols, cells.size)
    nn, xx = n[cell, col], x[cell, col]
    keep = nn >= int(cfg["min_samples"])
    cell, col, nn, xx = cell[keep], col[keep], nn[keep], xx[keep]
    key = (cells.product[cell] * 10 + cells.level[cell]) * 1000 + col
    group = np.unique(key, return_inverse=True)[1]
    z, target, _phi = stats.funnel_z(
        nn, xx, group, winsor=float(cfg["winsor"]), method=cfg["method"]
    )
    # Groups of fewer than three cells have no funnel.
    big = np.bincount(group)[group] >= 3
    p = stats.norm_sf(z)
    tested = big & (target > 0)
    reject = np.zeros(len(z), dtype=bool)
    reject[tested] = stats.bh_reject(p[tested], q)[0]
    hit = reject & (z > float(cfg["z"]))
    out = {}
    for k in np.nonzero(hit)[0]:  # the alarming cells only; the latest period wins
        i, t = int(cell[k]), int(col[k])
        out[i] = Alarm(
            SignalMethod.FUNNEL,
            int(cells.product[i]),
            cells.region_code(i),
            cells.first + t,
            cells.first + t,
            int(nn[k]),
            int(xx[k]),
            float(z[k]),
            float(cfg["z"]),
            float(target[k]),
            float(p[k]),
        )
    return list(out.values())


@dataclass
class CountCells:
    """The cells of one count series: its method, its `Cells` (values "c") and each cell's
    first column of history (None: all of them)."""

    method: str
    cells: object
    start: np.ndarray | None = None


def spike_tests(series: list[CountCells], params: dict):
    """Each series' latest `spike.tested` periods, cell by cell, against the cell's own
    history before them (at most `spike.history` periods, from the cell's start): Poisson
    when the history's variance is no larger than its mean, negative binomial otherwise.
    Benjamini–Hochberg across the cell-periods of all the series together.

    Returns the tests as arrays (series, cell, column, count, mean, var, p, rejected) and
    the level of BH's last rejection."""
    cfg, q = params["spike"], float(params["fdr"]["q"])
    tested, length_max = int(cfg["tested"]), int(cfg["history"])
    min_history, min_count = int(cfg["min_history"]), int(cfg["min_count"])
    parts = []
    for k, s in enumerate(series):  # two series
        c = s.cells.values["c"]
        periods = c.shape[1]
        window = periods - tested
        if window <= 0 or s.cells.size == 0:
            continue
        first = np.full(s.cells.size, max(window - length_max, 0))
        if s.start is not None:
            first = np.maximum(first, s.start)
        cols = np.arange(window)
        in_hist = cols[None, :] >= first[:, None]
        length = in_hist.sum(axis=1)
        h = np.where(in_hist, c[:, :window], 0).astype(float)
        mean = h.sum(axis=1) / np.maximum(length, 1)
        spread = ((h - mean[:, None]) ** 2 * in_hist).sum(axis=1)
        var = np.where(length > 1, spread / np.maximum(length - 1, 1), mean)
        # An empty history counts as half an event over its periods.
        mean = np.maximum(mean, 0.5 / np.maximum(length, 1))
        now = c[:, window:]
        cell, t = np.nonzero((length >= min_history)[:, None] & (now >= min_count))
        parts.append((np.full(len(cell), k), cell, t + window, now[cell, t], mean[cell], var[cell]))
    if not parts:
        empty = np.zeros(0)
        return (empty,) * 7 + (np.zeros(0, dtype=bool),), 0.0
    which, cell, col, now, mean, var = (np.concatenate(a) for a in zip(*parts, strict=True))
    p = stats.count_sf(now, mean, var)
    reject, _cutoff = stats.bh_reject(p, q)
    level = q * reject.sum() / max(len(p), 1)
    return (which, cell, col, now, mean, var, p, reject), level


def spike_alarms(series: list[CountCells], params: dict) -> list[Alarm]:
    """The alarming cells of the count series, one alarm per series and cell (its latest
    rejected period); the limit is the count at which the cell is kept at BH's final level
    q·k/m (k kept of m tested)."""
    (which, cell, col, now, mean, var, p, reject), level = spike_tests(series, params)
    if not reject.any():
        return []
    crit = stats.critical_count(mean[reject], var[reject], np.full(reject.sum(), level))
    crit = np.maximum(crit, int(params["spike"]["min_count"]))  # fewer are not tested at all
    out = {}
    for k, j in enumerate(np.nonzero(reject)[0]):  # the rejected tests, a few
        s = series[int(which[j])]
        i, t = int(cell[j]), int(col[j])
        key = (int(which[j]), i)
        if key in out and out[key].last >= s.cells.first + t:
            continue
        out[key] = Alarm(
            s.method,
            int(s.cells.product[i]),
            s.cells.region_code(i),
            s.cells.first + t,
            s.cells.first + t,
            int(round(mean[j])),
            int(now[j]),
            float(now[j]),
            float(crit[k]),
            float(mean[j]),
            float(p[j]),
        )
    return list(out.values())
