"""Hazard types (data/hazards.yaml) and the signal parameters (data/signals.yaml)."""

from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yamldata.load(fh)


def signals() -> dict:
    return _load("signals.yaml")


def hazards() -> list[dict]:
    return _load("hazards.yaml")["hazards"]


def hazard_choices() -> list[tuple[str, str]]:
    english = not (get_language() or "zh-hans").startswith("zh")
    return [(h["code"], h["en"] if english else h["name"]) for h in hazards()]


def hazard_words() -> dict[str, str]:
    """Every way a file writes a hazard (code, Chinese, English) → its code."""
    out = {}
    for h in hazards():
        for word in (h["code"], h["name"], h["en"]):
            out[word] = h["code"]
    return out


def hazard_label(code: str) -> str:
    return dict(hazard_choices()).get(code, code)
