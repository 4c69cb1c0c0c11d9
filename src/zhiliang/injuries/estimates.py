"""Weighted injury estimates (national-estimate style) with their variance.

One grouped query counts cases per period × product × hospital; the hospitals (the primary
sampling units, a few dozen) come with their stratum and weight. NumPy then computes, for
every period and product at once, the estimate Σ weight × cases, the stratified
with-replacement variance over hospitals — V = Σ_h n_h/(n_h−1) Σ_i (z_hi − z̄_h)² with
z_hi = weight × cases and every hospital reporting in the period counted, with or without
a case — its CV and 95 % interval, and the NEISS rule for unstable estimates
(data/estimates.yaml).
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import repeat

import numpy as np
from django.db import connections
from django.db.models import Count, ExpressionWrapper, F, IntegerField
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractMonth,
    ExtractYear,
)
from django.utils.translation import gettext as _

from zhiliang.enterprises.models import Product
from zhiliang.injuries import rules

STEP = {"month": 1, "quarter": 3, "year": 12}


@dataclass
class Estimate:
    period: date
    period_end: date
    code: str
    name: str
    cases: int
    estimate: float
    se: float | None  # None: a stratum's variance cannot be estimated
    cv: float | None
    low: float | None
    high: float | None
    reasons: list[str] = field(default_factory=list)

    @property
    def unstable(self) -> bool:
        return bool(self.reasons)


def period_start(day: date, period: str) -> date:
    months = STEP[period]
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def _add_months(day: date, n: int) -> date:
    y, m = divmod(day.month - 1 + n, 12)
    return date(day.year + y, m + 1, 1)


def periods(start: date, end: date, period: str) -> list[tuple[date, date]]:
    """(first day, last day) of each period that overlaps `start`…`end`."""
    out, first = [], period_start(start, period)
    while first <= end:
        nxt = _add_months(first, STEP[period])
        out.append((first, date.fromordinal(nxt.toordinal() - 1)))
        first = nxt
    return out


def period_key(period: str):
    """The period of a case's date as a whole number (months since year 0 over the period's
    length): cheap to group by on both databases, unlike a truncated date."""
    months = Cast(ExtractYear("treated_on") * 12 + ExtractMonth("treated_on") - 1, IntegerField())
    return ExpressionWrapper(months / STEP[period], output_field=IntegerField())


def key_of(first: date, period: str) -> int:
    return (first.year * 12 + first.month - 1) // STEP[period]


def first_of(key: int, period: str) -> date:
    months = key * STEP[period]
    return date(months // 12, months % 12 + 1, 1)


def fetch(queryset) -> list[tuple]:
    """The rows of a grouped query of whole numbers as the database gives them (tens of
    thousands of cells: Django's per-value converters would double the time)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def cells(*, links, start: date, end: date, period: str, level: str):
    """One grouped query over the case–product table alone: (period key, product or
    category id, hospital id, cases)."""
    if level == "product":
        key, count = F("product_id"), Count("pk")
    else:
        # A case naming two products of one category counts once for the category.
        key, count = Coalesce("product__parent_id", "product_id"), Count("case_id", distinct=True)
    return (
        links.filter(treated_on__range=(start, end))
        .order_by()
        .values_list(period_key(period), key, "hospital_id")
        .annotate(n=count)
    )


def compute(*, hospitals, rows, windows, names: dict, keys=None) -> list[Estimate]:
    """Estimates from the hospitals [(id, stratum, weight, joined_on, left_on)], the cells
    [(period key, product key, hospital id, cases)] and the periods [(first, last)].
    `keys`: each period's key as the cells give it (default: its first day); `names`:
    product key → (code, name)."""
    keys = [w[0] for w in windows] if keys is None else keys
    if not rows or not hospitals:
        return []
    period_col, code_col, hospital_col, n_col = zip(*rows, strict=True)
    pid = {k: p for p, k in enumerate(keys)}
    hid = {h[0]: j for j, h in enumerate(hospitals)}
    codes = sorted(dict.fromkeys(code_col), key=lambda k: names.get(k, (str(k),))[0])
    cid = {c: k for k, c in enumerate(codes)}
    size = len(rows)
    p_idx = np.fromiter(map(pid.get, period_col, repeat(-1)), np.intp, size)
    k_idx = np.fromiter(map(cid.__getitem__, code_col), np.intp, size)
    j_idx = np.fromiter(map(hid.get, hospital_col, repeat(-1)), np.intp, size)
    keep = (p_idx >= 0) & (j_idx >= 0)
    y = np.zeros((len(windows), len(codes), len(hospitals)))
    np.add.at(y, (p_idx[keep], k_idx[keep], j_idx[keep]), np.asarray(n_col, float)[keep])
    strata = sorted({h[1] for h in hospitals})
    weight = np.array([float(h[2]) for h in hospitals])
    member = np.zeros((len(hospitals), len(strata)))
    member[np.arange(len(hospitals)), [strata.index(h[1]) for h in hospitals]] = 1
    joined = np.array([h[3].toordinal() for h in hospitals])
    left = np.array([h[4].toordinal() if h[4] else 10**7 for h in hospitals])
    firsts = np.array([w[0].toordinal() for w in windows])
    lasts = np.array([w[1].toordinal() for w in windows])
    # active[p, j]: hospital j reports at some time in period p.
    active = (joined[None, :] <= lasts[:, None]) & (left[None, :] >= firsts[:, None])
    z = y * weight
    # Per stratum: n_h (reporting hospitals), Σ z and Σ z² over them.
    n_h = active.astype(float) @ member  # [p, h]
    a = active[:, None, :].astype(float)
    sum_z = np.einsum("pcj,jh->pch", z * a, member)
    sum_z2 = np.einsum("pcj,jh->pch", z * z * a, member)
    with np.errstate(divide="ignore", invalid="ignore"):
        within = sum_z2 - np.where(n_h[:, None, :] > 0, sum_z**2 / n_h[:, None, :], 0)
        factor = np.where(n_h > 1, n_h / (n_h - 1), 0.0)[:, None, :]
    variance = np.clip((factor * within).sum(axis=2), 0, None)
    lone = ((n_h == 1)[:, None, :] & (sum_z > 0)).any(axis=2)
    labels = [names.get(c, (str(c), str(c))) for c in codes]
    return _rows(windows, labels, y.sum(axis=2), z.sum(axis=2), np.sqrt(variance), lone)


def _rows(windows, labels, cases, total, se, lone) -> list[Estimate]:
    rule, zq = rules.unstable_rule(), rules.interval_z()
    out = []
    for p, k in zip(*np.nonzero(cases), strict=True):
        est, s = float(total[p, k]), None if lone[p, k] else float(se[p, k])
        cv = s / est if est and s is not None else None
        reasons = []
        if cases[p, k] < rule["min_cases"]:
            reasons.append(_("based on fewer than %(n)s cases") % {"n": rule["min_cases"]})
        if est < rule["min_estimate"]:
            reasons.append(_("estimate below %(n)s") % {"n": f"{rule['min_estimate']:,}"})
        if cv is not None and cv > rule["max_cv"]:
            reasons.append(
                _("coefficient of variation above %(n)s %%") % {"n": round(rule["max_cv"] * 100)}
            )
        if lone[p, k]:
            reasons.append(_("a stratum has a single reporting hospital: its variance is unknown"))
        out.append(
            Estimate(
                period=windows[p][0],
                period_end=windows[p][1],
                code=labels[k][0],
                name=labels[k][1],
                cases=int(cases[p, k]),
                estimate=est,
                se=s,
                cv=cv,
                low=None if s is None else max(est - zq * s, 0.0),
                high=None if s is None else est + zq * s,
                reasons=reasons,
            )
        )
    out.sort(key=lambda e: (e.period, -e.estimate, e.code))
    return out


def estimates(*, hospitals_qs, links_qs, start, end, period="quarter", level="product"):
    """The estimates of `links_qs` (InjuryCaseProduct rows) reported by `hospitals_qs`."""
    windows = periods(start, end, period)
    hospitals = list(
        hospitals_qs.active_between(start, end)
        .order_by("pk")
        .values_list("pk", "stratum", "weight", "joined_on", "left_on")
    )
    catalogue = {
        pk: (code, name) for pk, code, name in Product.objects.values_list("pk", "code", "name")
    }
    rows = fetch(cells(links=links_qs, start=start, end=end, period=period, level=level))
    keys = [key_of(w[0], period) for w in windows]
    return compute(hospitals=hospitals, rows=rows, windows=windows, names=catalogue, keys=keys)
