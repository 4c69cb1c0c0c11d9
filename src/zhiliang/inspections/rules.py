"""The sampling and follow-up rules, read from data/*.yaml (figures with their sources)."""

from functools import cache
from pathlib import Path

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"


@cache
def sampling_rules() -> dict:
    with open(DATA / "sampling.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


@cache
def followup_rules() -> dict:
    with open(DATA / "followup.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def level_rank(level: str) -> int:
    return int(sampling_rules()["levels"][level])


def same_or_higher_levels(level: str) -> list[str]:
    """Levels whose earlier samples bar a plan of `level` from re-sampling."""
    rank = level_rank(level)
    return sorted(name for name, r in sampling_rules()["levels"].items() if int(r) <= rank)


# Model field defaults (callables so that migrations do not freeze the figures).
def default_random_share():
    from decimal import Decimal

    return Decimal(str(sampling_rules()["random_share"]))


def default_team_size():
    return int(sampling_rules()["team_size"])


def _weight(cls):
    from decimal import Decimal

    return Decimal(str(sampling_rules()["risk_weights"][cls]))


def default_weight_a():
    return _weight("A")


def default_weight_b():
    return _weight("B")


def default_weight_c():
    return _weight("C")


def default_weight_d():
    return _weight("D")
