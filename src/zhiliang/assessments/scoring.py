"""Scoring, grading, ranking and target status over plain numbers.

Nothing here reads the database: services feed it values and store what it returns,
so every rule can be tested with hand-made figures.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zhiliang.assessments.choices import ScoringRule, TargetState

CENT = Decimal("0.01")
# How many of the latest periods the trend is fitted to.
PROJECTION_WINDOW = 4
# "About" (左右、约) counts as met within this share of the target (as plans does).
ABOUT_TOLERANCE = Decimal("0.05")

SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "=": "=", "~": "≈"}
NOT_SYMBOL = {">=": "<", ">": "≤", "<=": ">", "=": "≠", "~": "≉"}


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def quantize(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# -- item scores --------------------------------------------------------------------------


def reaches(value, target, *, lower_is_better: bool = False) -> bool:
    """Whether a value is at or beyond the target on the good side."""
    value, target = _d(value), _d(target)
    return value <= target if lower_is_better else value >= target


def item_score(
    *,
    rule: str,
    points,
    value=None,
    target=None,
    floor=None,
    lower_is_better: bool = False,
    passed: bool | None = None,
) -> Decimal:
    """Points earned by one item.

    linear: full points at or beyond the target, zero at or beyond the floor on the bad
    side, in proportion between them. pass_fail: full points when `passed` (a manual
    check) or when the value reaches the target, else zero. No value: zero.
    """
    points = _d(points)
    if rule == ScoringRule.PASS_FAIL:
        if passed is None:
            if value is None or target is None:
                return quantize(0)
            passed = reaches(value, target, lower_is_better=lower_is_better)
        return quantize(points if passed else 0)
    if rule != ScoringRule.LINEAR:
        raise ValueError(f"unknown scoring rule {rule!r}")
    if value is None:
        return quantize(0)
    value, target = _d(value), _d(target)
    if reaches(value, target, lower_is_better=lower_is_better):
        return quantize(points)
    floor = _d(floor)
    if floor is None or floor == target:
        return quantize(0)
    # Distance gained from the floor towards the target, as a share of the whole way.
    share = (value - floor) / (target - floor)
    if share <= 0:
        return quantize(0)
    return quantize(points * min(share, Decimal(1)))


# -- grades and ranks ----------------------------------------------------------------------


def grade_for(total, bands, *, veto_grade: str | None = None) -> str:
    """The grade of a total: bands are (grade, minimum) pairs; a veto overrides them."""
    if veto_grade:
        return veto_grade
    total = _d(total)
    ordered = sorted(((g, _d(m)) for g, m in bands), key=lambda b: b[1], reverse=True)
    for grade, minimum in ordered:
        if total >= minimum:
            return grade
    return ordered[-1][0] if ordered else ""


def ranks(entries) -> dict:
    """Competition ranking (1, 2, 2, 4): entries are (key, total, vetoed).

    A vetoed subject ranks after every subject that was not vetoed, whatever its points.
    """
    ordered = sorted(entries, key=lambda e: (bool(e[2]), -_d(e[1])))
    out, previous, rank = {}, None, 0
    for position, (key, total, vetoed) in enumerate(ordered, start=1):
        standing = (bool(vetoed), _d(total))
        if standing != previous:
            rank, previous = position, standing
        out[key] = rank
    return out


# -- target status -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    period: str
    end: date
    value: Decimal


@dataclass(frozen=True)
class Status:
    state: str
    reason: str
    latest: Point | None = None
    projected: Decimal | None = None

    @property
    def label(self) -> str:
        return TargetState(self.state).label


def met(comparator: str, target, value) -> bool:
    target, value = _d(target), _d(value)
    return {
        ">=": value >= target,
        ">": value > target,
        "<=": value <= target,
        "=": value == target,
        "~": abs(value - target) <= abs(target) * ABOUT_TOLERANCE,
    }[comparator]


def figure(value, unit: str = "") -> str:
    """91.2000 → '91.2 %', 3 → '3家'."""
    text = f"{quantize(value).normalize():f}"
    if not unit:
        return text
    return f"{text} {unit}" if unit in ("%", "‰") else f"{text}{unit}"


def trend_at(points: list[Point], when: date) -> Decimal | None:
    """Least-squares line through the points (x in days), read at `when`."""
    if len(points) < 2:
        return None
    xs = [Decimal((p.end - points[0].end).days) for p in points]
    ys = [p.value for p in points]
    n = Decimal(len(points))
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my + slope * (Decimal((when - points[0].end).days) - mx)


def target_status(
    *,
    series: list[Point],
    comparator: str,
    target,
    unit: str = "",
    deadline: date | None,
    on: date,
    window: int = PROJECTION_WINDOW,
) -> Status:
    """已达成 / 按计划 / 有风险 / 未达成 for one region's series on a date.

    The latest value whose period ended by `on` decides when it meets the target. Else,
    past the deadline the target is missed; before it, a linear trend over the latest
    `window` periods reaching the target by the deadline is on track, and not reaching
    it (or too few periods to tell, or no deadline) is at risk.
    """
    known = sorted((p for p in series if p.end <= on), key=lambda p: p.end)
    if not known:
        return Status(TargetState.NO_DATA, _("no value yet"))
    latest = known[-1]
    goal = figure(target, unit)
    words = {"v": figure(latest.value, unit), "p": latest.period, "t": goal}
    if met(comparator, target, latest.value):
        words["c"] = SYMBOL[comparator]
        return Status(
            TargetState.ACHIEVED, _("latest %(v)s (%(p)s) %(c)s target %(t)s") % words, latest
        )
    words["c"] = NOT_SYMBOL[comparator]
    below = _("latest %(v)s (%(p)s) %(c)s target %(t)s") % words
    if deadline is None:
        return Status(TargetState.AT_RISK, below + _("; no deadline to project to"), latest)
    if on > deadline:
        return Status(
            TargetState.MISSED,
            below + _("; the deadline %(d)s has passed") % {"d": deadline.isoformat()},
            latest,
        )
    projected = trend_at(known[-window:], deadline)
    if projected is None:
        return Status(
            TargetState.AT_RISK, below + _("; too few periods to project a trend"), latest
        )
    words = {"v": figure(projected, unit), "d": deadline.isoformat()}
    if met(comparator, target, projected):
        return Status(
            TargetState.ON_TRACK,
            below + _("; the trend reaches %(v)s by %(d)s") % words,
            latest,
            quantize(projected),
        )
    return Status(
        TargetState.AT_RISK,
        below + _("; the trend reaches only %(v)s by %(d)s") % words,
        latest,
        quantize(projected),
    )
