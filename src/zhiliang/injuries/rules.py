"""Coding lists, strata and the rules of estimates, read from data/coding.yaml and
data/estimates.yaml."""

from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"
LISTS = ("body_parts", "diagnoses", "dispositions", "places")


@cache
def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yamldata.load(fh)


def coding() -> dict:
    return _load("coding.yaml")


def estimates() -> dict:
    return _load("estimates.yaml")


def _items(key: str) -> list[dict]:
    if key == "strata":
        return estimates()["strata"]
    return coding()[key]["items"]


def choices(key: str) -> list[tuple[str, str]]:
    """(code, name) of a coding list or of the strata, in the request's language."""
    english = not (get_language() or "zh-hans").startswith("zh")
    return [(e["code"], e["en"] if english else e["name"]) for e in _items(key)]


def words(key: str) -> dict[str, str]:
    """Every way a file writes an entry (code, Chinese, English, any case) → its code."""
    out = {}
    for e in _items(key):
        for word in (e["code"], e["name"], e["en"]):
            out[str(word).strip().lower()] = e["code"]
    return out


def codes(key: str) -> set[str]:
    return {e["code"] for e in _items(key)}


def label(key: str, code: str) -> str:
    return dict(choices(key)).get(code, code)


def unstable_rule() -> dict:
    return estimates()["unstable"]


def interval_z() -> float:
    return float(estimates()["interval_z"])


def plain(text: str) -> str:
    """A source as users read it: without the ✓/? mark kept for whoever checks the data."""
    return str(text or "").rstrip(" ✓?")
