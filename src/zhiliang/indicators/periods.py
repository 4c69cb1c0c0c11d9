"""Periods of indicator values: year `2025`, quarter `2025-Q1`, month `2025-03` and the
assessment year `2024/2025` (1 July 2024 – 30 June 2025, 国办发〔2013〕47号).

Every period starts on the first day of a month and ends on the last day of a month, so the
engine places rows in months and builds every period from whole months (`start_month` and
`end_month` are month indexes: year × 12 + month − 1).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

# How far back the default recompute reaches: this many whole years before the current one.
DEFAULT_YEARS_BACK = 3

KINDS = ("year", "quarter", "month", "ayear")
_PATTERNS = (
    ("year", re.compile(r"^(\d{4})$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("ayear", re.compile(r"^(\d{4})/(\d{4})$")),
)


class PeriodError(ValueError):
    pass


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    kind: str
    code: str

    @property
    def start_month(self) -> int:
        return month_index(self.start)

    @property
    def end_month(self) -> int:
        return month_index(self.end)

    def __str__(self):
        return self.code


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year", f"{y}")


def quarter(y: int, q: int) -> Period:
    return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", f"{y}-Q{q}")


def month(y: int, m: int) -> Period:
    return Period(date(y, m, 1), _month_end(y, m), "month", f"{y}-{m:02d}")


def assessment_year(first: int) -> Period:
    """The assessment year that begins on 1 July of `first`."""
    return Period(date(first, 7, 1), date(first + 1, 6, 30), "ayear", f"{first}/{first + 1}")


def parse(code: str) -> Period:
    """`2025`, `2025-Q1`, `2025-03` or `2024/2025` → Period; PeriodError otherwise."""
    code = (code or "").strip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(code)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2)) if m.lastindex > 1 else None
        if a < 1900 or a > 2999:
            break
        if kind == "year":
            return year(a)
        if kind == "quarter":
            return quarter(a, b)
        if kind == "month":
            if not 1 <= b <= 12:
                break
            return month(a, b)
        if b != a + 1:
            raise PeriodError(
                _(
                    "%(c)s is not an assessment year: it runs from 1 July of one year to 30 June "
                    "of the next, e.g. 2024/2025."
                )
                % {"c": code}
            )
        return assessment_year(a)
    raise PeriodError(
        _(
            "%(c)s is not a period: write a year (2025), quarter (2025-Q1), month (2025-03) "
            "or assessment year (2024/2025)."
        )
        % {"c": code}
    )


def periods_of_year(y: int) -> list[Period]:
    """The year, its quarters and months, and the two assessment years touching it."""
    return (
        [year(y)]
        + [quarter(y, q) for q in range(1, 5)]
        + [month(y, m) for m in range(1, 13)]
        + [assessment_year(y - 1), assessment_year(y)]
    )


def periods_between(first: date, last: date) -> list[Period]:
    """Every period of every kind that overlaps [first, last], sorted by start, then kind."""
    if last < first:
        return []
    found: set[Period] = set()
    for y in range(first.year, last.year + 1):
        found.update(p for p in periods_of_year(y) if p.start <= last and p.end >= first)
    return sorted(found, key=lambda p: (p.start, -(p.end - p.start).days, p.code))


def default_floor(today: date) -> date:
    """The first day the default recompute covers: 1 January three years back."""
    return date(today.year - DEFAULT_YEARS_BACK, 1, 1)


def default_window(earliest: date | None, latest: date | None, today: date) -> tuple[date, date]:
    """The dates the default recompute covers.

    From the earliest to the latest dated row of the source tables, bounded below by
    1 January three years before the current year and above by today: older figures do not
    change (they are recomputed on demand with `--period`), and periods that have not begun
    have no figures yet.
    """
    if earliest is None:  # nothing dated: the current year so far
        return date(today.year, 1, 1), today
    floor = default_floor(today)
    first = max(earliest or floor, floor)
    last = min(latest or today, today)
    if last < first:  # no rows in the window: the current year so far
        first, last = date(today.year, 1, 1), today
    return first, last


def started_by(periods: list[Period], today: date) -> list[Period]:
    return [p for p in periods if p.start <= today]
