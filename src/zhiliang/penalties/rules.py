"""The rules of penalties and abnormal listings, read from data/penalty_rules.yaml.

Kinds, reasons and publication periods are regulatory figures with their source and a
certainty mark; code here only does the date arithmetic on them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata
from zhiliang.core.workdays import add_weekdays
from zhiliang.licensing.dates import add_months, add_years

RULES_YAML = Path(__file__).resolve().parent / "data" / "penalty_rules.yaml"


@dataclass(frozen=True)
class Item:
    """A penalty kind or a listing reason as the data file states it."""

    code: str
    name: str
    name_en: str
    source: str
    mark: str
    window: str = "long"
    requires_amount: bool = False

    @property
    def label(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(RULES_YAML, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _items(key: str) -> dict[str, Item]:
    fields = Item.__dataclass_fields__
    return {
        str(e["code"]): Item(**{k: v for k, v in e.items() if k in fields}) for e in _data()[key]
    }


def kinds() -> dict[str, Item]:
    return _items("kinds")


def reasons() -> dict[str, Item]:
    return _items("reasons")


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in kinds().values()]


def reason_choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in reasons().values()]


def publication() -> dict:
    return dict(_data()["publication"])


def listing_rules() -> dict:
    return dict(_data()["listing"])


def is_short(kind: str, fine_amount: Decimal | None) -> bool:
    """Public for the short period: a warning, a public criticism, or a small fine."""
    item = kinds().get(kind)
    if item is None:
        return False
    if item.window == "short":
        return True
    limit = publication()["small_fine_max_yuan"]
    return kind == "fine" and fine_amount is not None and fine_amount <= Decimal(limit)


def publish_by(decided_on: date) -> date:
    return add_weekdays(decided_on, publication()["publish_within_working_days"])


def public_window(
    *, kind: str, fine_amount, decided_on: date, published_on: date | None
) -> tuple[date, date]:
    """(public from, public until) — the first day no longer public. Published on the day
    given, else on the decision date (the platform publishes at once)."""
    start = published_on or decided_on
    rules = publication()
    if is_short(kind, fine_amount):
        return start, add_months(start, rules["short_months"])
    return start, add_years(start, rules["long_years"])
