"""Working days on China's holiday calendar (core/data/holidays.yaml) and the statutory
period rules: what a deadline "N working days" or "N days" after an event falls on.

Calendar-day periods follow 民法典 第二百零一条 and 第二百零三条: the day of the event is
not counted, and a period whose last day is a rest day ends on the next working day.
"""

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from zhiliang.core import yamldata

HOLIDAYS_YAML = Path(__file__).resolve().parent / "data" / "holidays.yaml"


def _days(spans) -> set[date]:
    out: set[date] = set()
    for first, last in spans:
        day = first
        while day <= last:
            out.add(day)
            day += timedelta(days=1)
    return out


@lru_cache(maxsize=1)
def calendar() -> dict:
    """{"off": set of holidays, "work": set of make-up working days, "years": {year: info}}."""
    with open(HOLIDAYS_YAML, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    off: set[date] = set()
    work: set[date] = set()
    years = {}
    for year, entry in (data.get("years") or {}).items():
        off |= _days(entry.get("rest_days") or [])
        work |= set(entry.get("make_up_days") or [])
        years[int(year)] = {"source": entry["source"], "sure": bool(entry["sure"])}
    return {"off": off, "work": work, "years": years}


def is_working_day(day: date) -> bool:
    cal = calendar()
    if day in cal["work"]:
        return True
    return day.weekday() < 5 and day not in cal["off"]


def add_working_days(day: date, n: int) -> date:
    """The `n`-th working day after `day` (`day` itself is not counted)."""
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def add_weekdays(day: date, n: int) -> date:
    """The `n`-th day Monday to Friday after `day`, holidays not skipped: the periods whose
    data files count plain weekdays (complaints, penalty publication and listings)."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_days(day: date, n: int) -> date:
    """The last day of a period of `n` days after `day`; a rest day moves it to the next
    working day."""
    return next_working_day(day + timedelta(days=n))


def year_known(year: int) -> dict | None:
    """The calendar's entry for `year` (source, sure) or None when it has none."""
    return calendar()["years"].get(year)
