"""The risk matrix (data/matrix.yaml) and the card rules (data/cards.yaml)."""

import math
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yamldata.load(fh)


def matrix() -> dict:
    return _load("matrix.yaml")


def cards() -> dict:
    return _load("cards.yaml")


def _english() -> bool:
    return not (get_language() or "zh-hans").startswith("zh")


def severity_choices() -> list[tuple[int, str]]:
    return [(s["level"], s["en"] if _english() else s["name"]) for s in matrix()["severities"]]


def chain(probabilities) -> float:
    """The probability of the whole scenario: the product of its steps, rounded to 12
    significant digits so that 0.1 × 0.1 is 1/100 and not a hair above it."""
    return float(f"{math.prod(float(p) for p in probabilities):.12g}")


def band_of(probability: float) -> dict:
    """The first band (most probable first) whose lower bound the probability exceeds."""
    for band in matrix()["bands"]:
        if probability > band["above"]:
            return band
    return matrix()["bands"][-1]


def risk_level(severity: int, probability: float) -> str:
    """The matrix's cell for (severity 1–4, probability in (0, 1])."""
    return band_of(probability)["levels"][severity - 1]


def period_days(colour: str) -> int:
    return int(cards()["period_days"][colour])


def probability_words(p: float) -> str:
    """As an analyst writes it: a share in per cent above 1 %, else one in N (56,000)."""
    if p >= 0.01:
        return f"{p * 100:.3g} %"
    return f"1/{round(1 / p):,}" if p > 0 else "0"
