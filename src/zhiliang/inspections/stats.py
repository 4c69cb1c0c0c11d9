"""Statistics for supervision sampling: the funnel plot of regions' pass rates and the lift
of risk-weighted picks over random ones.

Funnel limits are exact binomial quantiles (no normal approximation): for a region with
``n`` samples and the overall pass rate ``p0``, the limit at probability ``q`` is the
``q``-quantile of Binomial(n, p0) divided by ``n``, interpolated between integers the way
Spiegelhalter (2005, "Funnel plots for comparing institutional performance", Stat Med 24,
Appendix A.1.1) does, so the limits are smooth lines. The binomial distribution function
is computed from the regularized incomplete beta function
(P(X <= k) = I_{1-p}(n - k, k + 1)), evaluated with a Lentz continued fraction — SciPy is
not a dependency of the project, and this is exact to floating-point precision.

The lift is a risk ratio: failure rate among risk-weighted picks ÷ failure rate among random
picks (the control group), with a log-normal (Katz) 95 % confidence interval; with a zero
cell, 0.5 is added to every cell (Haldane–Anscombe).

The database parts (counts per region) are grouped queries; the pure parts take counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Two-sided coverage → (lower quantile, upper quantile).
LIMITS = {"95": (0.025, 0.975), "99.8": (0.001, 0.999)}
Z95 = 1.959963984540054

# ---------------------------------------------------------------- binomial distribution


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    return betainc(n - k, k + 1, 1.0 - p)


def binom_quantile(q: float, n: int, p: float) -> int:
    """The smallest k with P(X <= k) >= q."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if binom_cdf(mid, n, p) >= q:
            hi = mid
        else:
            lo = mid + 1
    return lo


def funnel_limit(n: int, p0: float, q: float) -> float:
    """The funnel limit (a proportion) at probability q for n samples around rate p0.

    Spiegelhalter's interpolation: r = the q-quantile; α = (F(r) − q) / (F(r) − F(r − 1));
    the limit is (r − α) / n, clipped to [0, 1].
    """
    if n <= 0:
        raise ValueError("n must be positive")
    r = binom_quantile(q, n, p0)
    f_r, f_before = binom_cdf(r, n, p0), binom_cdf(r - 1, n, p0)
    alpha = (f_r - q) / (f_r - f_before) if f_r > f_before else 0.0
    return min(1.0, max(0.0, (r - alpha) / n))


def normal_limit(n: int, p0: float, z: float) -> float:
    """The normal approximation p0 + z·√(p0(1−p0)/n), for comparison only."""
    return min(1.0, max(0.0, p0 + z * math.sqrt(p0 * (1 - p0) / n)))


# ---------------------------------------------------------------- funnel plot


@dataclass(frozen=True)
class FunnelPoint:
    code: str
    name: str
    samples: int
    passed: int
    rate: float  # passed / samples
    flag: str  # "" within 95 %; "low95"/"high95" beyond 95 %; "low998"/"high998" beyond 99.8 %


def funnel_flag(n: int, passed: int, p0: float) -> str:
    """Where a region lies, by the exact binomial tails (not the interpolated lines, which
    would put every 100 % region above the upper limit): "low998" when P(X <= passed) < 0.1 %,
    "low95" when < 2.5 %, likewise "high…" with P(X >= passed); "" within the 95 % limits."""
    below = binom_cdf(passed, n, p0)
    above = 1.0 - binom_cdf(passed - 1, n, p0)
    for key, suffix in (("99.8", "998"), ("95", "95")):
        tail = LIMITS[key][0]
        if below < tail:
            return f"low{suffix}"
        if above < tail:
            return f"high{suffix}"
    return ""


def funnel_points(rows: list[tuple[str, str, int, int]]) -> tuple[float | None, list[FunnelPoint]]:
    """(overall rate, points) from (code, name, samples, passed) per region.

    The overall rate is pooled (Σ passed ÷ Σ samples), never an average of rates.
    """
    total = sum(r[2] for r in rows)
    if not total:
        return None, []
    p0 = sum(r[3] for r in rows) / total
    points = [
        FunnelPoint(code, name, n, k, k / n, funnel_flag(n, k, p0))
        for code, name, n, k in rows
        if n > 0
    ]
    return p0, points


def funnel_curves(p0: float, n_max: int, steps: int = 60) -> dict[str, list[list[float]]]:
    """The four limit lines as [[n, limit], ...] from n = 1 to n_max (log-spaced n)."""
    n_max = max(n_max, 2)
    ns = sorted({max(1, round(math.exp(math.log(n_max) * i / steps))) for i in range(steps + 1)})
    curves: dict[str, list[list[float]]] = {}
    for key, (low_q, high_q) in LIMITS.items():
        curves[f"low{key}"] = [[n, funnel_limit(n, p0, low_q)] for n in ns]
        curves[f"high{key}"] = [[n, funnel_limit(n, p0, high_q)] for n in ns]
    return curves


# ---------------------------------------------------------------- lift of risk weighting


@dataclass(frozen=True)
class Lift:
    weighted_failed: int
    weighted_total: int
    random_failed: int
    random_total: int
    weighted_rate: float
    random_rate: float
    risk_ratio: float
    low: float
    high: float
    corrected: bool  # 0.5 added to every cell because one was zero

    @property
    def significant(self) -> bool:
        return self.low > 1.0 or self.high < 1.0


def risk_ratio(a: int, n1: int, c: int, n2: int, z: float = Z95) -> Lift | None:
    """Risk ratio (a/n1) ÷ (c/n2) with its log-normal (Katz) confidence interval.

    a failures of n1 weighted picks; c failures of n2 random picks. None when either group
    is empty. SE(ln RR) = √(1/a − 1/n1 + 1/c − 1/n2).
    """
    if n1 <= 0 or n2 <= 0:
        return None
    corrected = a == 0 or c == 0 or a == n1 or c == n2
    aa, cc, nn1, nn2 = (a + 0.5, c + 0.5, n1 + 1, n2 + 1) if corrected else (a, c, n1, n2)
    rr = (aa / nn1) / (cc / nn2)
    se = math.sqrt(1 / aa - 1 / nn1 + 1 / cc - 1 / nn2)
    return Lift(
        weighted_failed=a,
        weighted_total=n1,
        random_failed=c,
        random_total=n2,
        weighted_rate=a / n1,
        random_rate=c / n2,
        risk_ratio=rr,
        low=math.exp(math.log(rr) - z * se),
        high=math.exp(math.log(rr) + z * se),
        corrected=corrected,
    )


# ---------------------------------------------------------------- database reads


def child_code_length(scope_code: str) -> int:
    """The code length of the regions one level below a scope (a township stays itself)."""
    return {2: 4, 4: 6, 6: 9}.get(len(scope_code), 9)


def region_pass_counts(samples, scope_code: str) -> list[tuple[str, str, int, int]]:
    """(code, name, decided samples, passed) per child region of the scope, in one grouped
    query. Region ids are codes padded to nine digits plus a level digit (core.regions), so
    the child region is an integer division of the id: no join to the region table."""
    from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Q, Value

    from zhiliang.core.models import Region
    from zhiliang.inspections.choices import Verdict

    length = child_code_length(scope_code)
    divisor = 10 ** (9 - length + 1)
    bucket = ExpressionWrapper(F("region_id") / Value(divisor), output_field=BigIntegerField())
    rows = (
        samples.in_region(scope_code)
        .filter(verdict__in=[Verdict.PASS, Verdict.FAIL])
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(n=Count("*"), passed=Count("id", filter=Q(verdict=Verdict.PASS)))
        .order_by("bucket")
    )
    rows = [(str(r["bucket"]), r["n"], r["passed"]) for r in rows]
    # A sample recorded at the scope's own level (a county, not one of its townships) falls
    # in a bucket padded with zeros: it is named after that region.
    wanted = {code: _own_level(code) for code, _n, _p in rows}
    names = dict(Region.objects.filter(code__in=set(wanted.values())).values_list("code", "name"))
    out = []
    for code, n, passed in rows:
        own = wanted[code]
        name = names.get(own, code)
        if own != code:
            name = f"{name} ({_('itself')})"
        out.append((code, name, n, passed))
    return out


def _own_level(code: str) -> str:
    """320411000 → 320411 and 320400 → 3204 (zero padding); a real child code stays itself."""
    for length in (2, 4, 6):
        if length < len(code) and set(code[length:]) == {"0"}:
            return code[:length]
    return code


def funnel(samples, scope_code: str) -> dict:
    """Everything the funnel chart needs, JSON-ready."""
    p0, points = funnel_points(region_pass_counts(samples, scope_code))
    if p0 is None:
        return {"overall": None, "points": [], "curves": {}, "total": 0}
    return {
        "overall": p0,
        "total": sum(p.samples for p in points),
        "points": [
            {
                "code": p.code,
                "name": p.name,
                "samples": p.samples,
                "passed": p.passed,
                "rate": p.rate,
                "percent": round(p.rate * 100, 1),
                "flag": p.flag,
            }
            for p in points
        ],
        "curves": funnel_curves(p0, max(p.samples for p in points)),
    }


def lift(samples) -> Lift | None:
    """Lift of risk weighting over the samples of drawn enterprises: failures among weighted
    picks against failures among random picks, counted in one grouped query."""
    from django.db.models import Count, Q

    from zhiliang.inspections.choices import PickShare, Verdict

    counts = samples.filter(pick__isnull=False, verdict__in=[Verdict.PASS, Verdict.FAIL]).aggregate(
        wn=Count("id", filter=Q(pick__share=PickShare.WEIGHTED)),
        wf=Count("id", filter=Q(pick__share=PickShare.WEIGHTED, verdict=Verdict.FAIL)),
        rn=Count("id", filter=Q(pick__share=PickShare.RANDOM)),
        rf=Count("id", filter=Q(pick__share=PickShare.RANDOM, verdict=Verdict.FAIL)),
    )
    return risk_ratio(counts["wf"], counts["wn"], counts["rf"], counts["rn"])
