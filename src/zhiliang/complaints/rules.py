"""Channels, issue categories and deadlines of complaints, read from data/complaints.yaml."""

from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata
from zhiliang.core.workdays import add_weekdays

DATA = Path(__file__).resolve().parent / "data" / "complaints.yaml"


@cache
def rules() -> dict:
    with open(DATA, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _named(key: str) -> list[tuple[str, str]]:
    english = not (get_language() or "zh-hans").startswith("zh")
    return [(e["code"], e["en"] if english else e["name"]) for e in rules()[key]]


def channel_choices() -> list[tuple[str, str]]:
    return _named("channels")


def category_choices() -> list[tuple[str, str]]:
    return _named("categories")


def words(key: str) -> dict[str, str]:
    """Every way a file writes a channel or category (code, Chinese, English) → its code."""
    out = {}
    for e in rules()[key]:
        for word in (e["code"], e["name"], e["en"]):
            out[word] = e["code"]
    return out


def label(key: str, code: str) -> str:
    return dict(_named(key)).get(code, code)


def accept_due(received_on: date) -> date:
    return add_weekdays(received_on, int(rules()["deadlines"]["accept_working_days"]))


def close_due(received_on: date, accepted_on: date | None) -> date:
    start = accepted_on or accept_due(received_on)
    return add_weekdays(start, int(rules()["deadlines"]["close_working_days"]))
