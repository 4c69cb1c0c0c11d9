"""The rules of the serious-violation list and of credit repair, read from
data/serious_rules.yaml. Periods, categories, removal conditions and measures are
regulatory figures with their source and a certainty mark; code here only does the dates."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata
from zhiliang.core.workdays import add_weekdays
from zhiliang.licensing.dates import add_months, add_years

RULES_YAML = Path(__file__).resolve().parent / "data" / "serious_rules.yaml"


@dataclass(frozen=True)
class Entry:
    """A category, a removal condition or a repair sector as the data file states it."""

    code: str
    name: str
    name_en: str
    source: str
    mark: str
    months: int = 0

    @property
    def label(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(RULES_YAML, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _entries(rows) -> dict[str, Entry]:
    fields = Entry.__dataclass_fields__
    return {str(e["code"]): Entry(**{k: v for k, v in e.items() if k in fields}) for e in rows}


def periods() -> dict:
    return dict(_data()["serious"])


def measures() -> dict:
    return dict(_data()["measures"])


def categories() -> dict[str, Entry]:
    return _entries(_data()["categories"])


def removal_conditions() -> dict[str, Entry]:
    return _entries(_data()["removal_conditions"])


def sectors() -> dict[str, Entry]:
    return _entries(_data()["repair"]["sectors"])


def category_choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in categories().values()]


def sector_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in sectors().values()]


def objection_until(notified_on: date) -> date:
    """The last day of the objection window."""
    return add_weekdays(notified_on, periods()["objection_working_days"])


def publish_by(listed_on: date) -> date:
    return add_weekdays(listed_on, periods()["publish_within_working_days"])


def ends_on(listed_on: date) -> date:
    """The first day no longer listed: removal at the end of the period."""
    return add_years(listed_on, periods()["removal_after_years"])


def early_removal_from(listed_on: date) -> date:
    """The first day an early removal may be applied for."""
    return add_years(listed_on, periods()["early_removal_after_years"])


def repair_from(*, public_from: date, sector: str) -> date:
    """The first day a penalty record may be repaired: its field's minimum period after
    it was made public."""
    entry = sectors().get(sector)
    months = entry.months if entry else _data()["repair"]["default_months"]
    return add_months(public_from, months)
