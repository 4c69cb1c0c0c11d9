"""The case engine's rules, read from data/case_kinds.yaml and data/accident_grades.yaml:
stages, transitions, clocks and accident grades. Code here does only the arithmetic."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhiliang.core import workdays, yamldata

DATA = Path(__file__).resolve().parent / "data"


def _label(entry) -> str:
    english = (get_language() or "").startswith("en")
    return entry.get("name_en") if english and entry.get("name_en") else entry["name"]


@dataclass(frozen=True)
class Clock:
    code: str
    name: str
    name_en: str
    start: str
    met_by: str
    unit: str
    source: str
    sure: bool
    amount: int = 0
    extension: int = 0
    grades: tuple = field(default_factory=tuple)
    # A repeating clock starts again from each time it is met, until this event.
    repeat_until: str = ""

    @property
    def label(self) -> str:
        return _label({"name": self.name, "name_en": self.name_en})

    def applies(self, grade: str) -> bool:
        return not self.grades or grade in self.grades


@lru_cache(maxsize=4)
def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yamldata.load(fh)


def kinds() -> dict:
    return _load("case_kinds.yaml")["kinds"]


def kind_label(kind: str) -> str:
    entry = kinds().get(kind)
    return _label(entry) if entry else kind


def kind_choices() -> list[tuple[str, str]]:
    return [(code, _label(entry)) for code, entry in kinds().items()]


def stages(kind: str) -> list[dict]:
    return list(kinds()[kind]["stages"])


def first_stage(kind: str) -> str:
    return stages(kind)[0]["code"]


def stage_label(kind: str, code: str) -> str:
    for entry in stages(kind) + events(kind):
        if entry["code"] == code:
            return _label(entry)
    return code


def stage_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for kind in kinds():
        for entry in stages(kind):
            seen.setdefault(entry["code"], _label(entry))
    return list(seen.items())


def events(kind: str) -> list[dict]:
    return list(kinds()[kind].get("events") or [])


def next_stages(kind: str, stage: str) -> list[str]:
    return list(kinds()[kind]["transitions"].get(stage) or [])


def is_final(kind: str, stage: str) -> bool:
    return not next_stages(kind, stage)


def clocks(kind: str, grade: str = "") -> list[Clock]:
    fields = Clock.__dataclass_fields__
    out = []
    for entry in kinds()[kind].get("clocks") or []:
        values = {k: v for k, v in entry.items() if k in fields}
        values["grades"] = tuple(values.get("grades") or ())
        values.setdefault("name_en", "")
        clock = Clock(**values)
        if clock.applies(grade):
            out.append(clock)
    return out


def interview_clock() -> dict:
    return dict(_load("case_kinds.yaml")["interview_clock"])


def clock_label(kind_code: str, period: int | None = None) -> str:
    """A deadline kind's name, for any case kind; with `period`, a repeating clock's
    deadline says which period it is."""
    if kind_code == interview_clock()["code"]:
        return _label(interview_clock())
    for kind in kinds():
        for entry in kinds()[kind].get("clocks") or []:
            if entry["code"] == kind_code:
                name = _label(entry)
                if entry.get("repeat_until") and period is not None:
                    return _("%(clock)s (period %(n)s)") % {"clock": name, "n": period}
                return name
    return kind_code


def clock_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for kind in kinds():
        for entry in kinds()[kind].get("clocks") or []:
            seen.setdefault(entry["code"], _label(entry))
    seen[interview_clock()["code"]] = _label(interview_clock())
    return list(seen.items())


def end_of_day(day: date) -> datetime:
    """The last second of `day`, local time: a day deadline is met until then."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def due_at(clock: Clock, start: datetime | date, extended: bool = False) -> datetime:
    """When `clock` falls due, counted from `start` (an instant, or a date for `given`)."""
    amount = clock.amount + (clock.extension if extended else 0)
    if clock.unit == "given":
        return end_of_day(
            start
            if isinstance(start, date) and not isinstance(start, datetime)
            else timezone.localtime(start).date()
        )
    if clock.unit == "hours":
        return start + timedelta(hours=amount)
    day = timezone.localtime(start).date()
    if clock.unit == "days":
        return end_of_day(workdays.add_days(day, amount))
    if clock.unit == "working_days":
        return end_of_day(workdays.add_working_days(day, amount))
    raise ValueError(f"unknown clock unit {clock.unit}")


# -- accident grades ----------------------------------------------------------------------


def grades() -> list[dict]:
    return list(_load("accident_grades.yaml")["grades"])


def grade_rules() -> dict:
    data = _load("accident_grades.yaml")
    return {"source": data["source"], "sure": data["sure"]}


def grade_label(code: str) -> str:
    for entry in grades():
        if entry["code"] == code:
            return _label(entry)
    return code


def grade_choices() -> list[tuple[str, str]]:
    return [(g["code"], _label(g)) for g in grades()]


def veto_rule() -> dict:
    """The lowest accident grade that proposes the assessment's veto, with its source."""
    return dict(_load("accident_grades.yaml")["veto"])


def grades_at_least(code: str) -> list[str]:
    """The grade `code` and those above it (the data lists them from the highest down)."""
    codes = [g["code"] for g in grades()]
    return codes[: codes.index(code) + 1]


def grade_of(*, deaths: int, injuries: int, loss) -> str:
    """The highest grade any figure reaches; "" below the lowest grade's thresholds."""
    loss = Decimal(loss or 0)
    for entry in grades():
        if deaths >= entry["deaths"] or injuries >= entry["injuries"] or loss >= entry["loss"]:
            return entry["code"]
    return ""
