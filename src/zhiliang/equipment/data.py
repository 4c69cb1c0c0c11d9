"""Regulatory figures of the equipment app, read from data/*.yaml (each with its source)."""

from functools import cache
from pathlib import Path

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"


@cache
def operator_items() -> dict:
    """{source, validity_years, minimum_age, items: {code: name}} (2019年第3号公告)."""
    return yamldata.load((DATA / "operator_items.yaml").read_text(encoding="utf-8"))


@cache
def due_policy() -> dict:
    """{due_soon_days, source}: when a unit counts as due soon."""
    return yamldata.load((DATA / "due_policy.yaml").read_text(encoding="utf-8"))


def due_soon_days() -> int:
    return int(due_policy()["due_soon_days"])
