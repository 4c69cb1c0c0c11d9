"""The registries' rules read from data/: qualification number formats, the levels of
testing bodies, TBT notification numbers and comment periods, the HS headings of the
catalogue's products, and which size classes count as above designated size."""

import re
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"


@cache
def rules() -> dict:
    with open(DATA / "rules.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


@cache
def hs_data() -> dict:
    with open(DATA / "hs_headings.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def _english() -> bool:
    return not (get_language() or "zh-hans").startswith("zh")


def level_choices() -> list[tuple[str, str]]:
    key = "name_en" if _english() else "name"
    return [(e["code"], e[key]) for e in rules()["laboratories"]["levels"]]


def level_label(code: str) -> str:
    return dict(level_choices()).get(code, code)


def number_ok(kind: str, value: str) -> bool:
    """`kind` is "cma" or "cnas"; the formats are data (rules.yaml)."""
    return bool(re.fullmatch(rules()["laboratories"][kind]["pattern"], value or ""))


def tbt_number_ok(value: str) -> bool:
    return bool(re.fullmatch(rules()["tbt"]["number_pattern"], value or ""))


def validity_years() -> int:
    return int(rules()["laboratories"]["validity_years"])


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def product_headings() -> dict[str, list[str]]:
    """Catalogue product code → its HS headings."""
    return {code: [str(h) for h in e["headings"]] for code, e in hs_data()["products"].items()}


def products_for(hs_codes: list[str]) -> list[str]:
    """The catalogue products whose headings begin one of `hs_codes` (or that a short code
    such as a chapter "8516" or "85" covers)."""
    codes = [c for c in hs_codes if c]
    out = []
    for product, headings in product_headings().items():
        if any(c.startswith(h) or h.startswith(c) for c in codes for h in headings):
            out.append(product)
    return sorted(out)


def unsure_products() -> list[str]:
    return sorted(c for c, e in hs_data()["products"].items() if e.get("sure") != "✓")


def above_size_classes() -> list[str]:
    return list(rules()["officers"]["above_size_classes"])
