"""Levels and number formats, review periods, adoption degrees, drafting roles, pilot lists
and the self-declaration completeness rules, read from data/rules.yaml."""

import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data" / "rules.yaml"
_DASHES = re.compile(r"\s*[—–－‐-]+\s*")
_SPACES = re.compile(r"\s+")


@cache
def rules() -> dict:
    with open(DATA, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _english() -> bool:
    return not (get_language() or "zh-hans").startswith("zh")


def _named(entries) -> list[tuple[str, str]]:
    return [(e["code"], e["en"] if _english() else e["name"]) for e in entries]


def level(code: str) -> dict | None:
    return next((lv for lv in rules()["levels"] if lv["code"] == code), None)


def level_choices():
    return _named(rules()["levels"])


def conclusion_choices():
    return _named(rules()["review"]["conclusions"])


def degree_choices():
    return _named(rules()["adoption"]["degrees"])


def counted_degrees() -> list[str]:
    return [d["code"] for d in rules()["adoption"]["degrees"] if d["counts"]]


def body_choices():
    return _named(rules()["adoption"]["bodies"])


def role_choices():
    return _named(rules()["drafting"]["roles"])


def drafting_kind_choices():
    return _named(rules()["drafting"]["kinds"])


def pilot_level_choices():
    return _named(rules()["pilots"]["levels"])


def pilot_kind_choices():
    return _named(rules()["pilots"]["kinds"])


def pilot_field_choices():
    return _named(rules()["pilots"]["fields"])


def label(choices, code) -> str:
    return dict(choices()).get(code, code or "")


# -- numbers -------------------------------------------------------------------------------


def normalize_number(text: str) -> str:
    """As offices write it → one spelling: full-width folded, dashes as "-", one space."""
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return _SPACES.sub(" ", text)


@cache
def _patterns(code: str) -> tuple[re.Pattern, ...]:
    entry = level(code) or {}
    codes = "|".join(entry.get("codes", []))
    return tuple(re.compile(p.replace("{codes}", codes)) for p in entry.get("patterns", []))


def number_matches(code: str, number: str) -> bool:
    return any(p.match(number) for p in _patterns(code))


def guess_level(number: str) -> str | None:
    """The first level whose format the (normalised) number follows."""
    return next((lv["code"] for lv in rules()["levels"] if number_matches(lv["code"], number)),
                None)  # fmt: skip


def local_region_code(number: str) -> str | None:
    """DB32/T 3748-2020 → "32"; DB3204/T … → "3204"."""
    m = re.match(r"^DB(\d{2}|\d{4})\b", number)
    return m.group(1) if m else None


def region_rule(code: str) -> str:
    return (level(code) or {}).get("region", "none")


# -- review --------------------------------------------------------------------------------


def review_years(code: str) -> int:
    return int((level(code) or {}).get("review_years", 5))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- self-declarations ---------------------------------------------------------------------


def family(category_code: str | None) -> dict | None:
    families = rules()["declaration"]["families"]
    return next((f for f in families if f["category"] == category_code), None)


def declaration_gaps(items, category_code: str | None) -> list[dict]:
    """What a declaration lacks: an indicator without its test method ("method"), a safety
    indicator its product family requires ("indicator"), or any indicator at all ("none").
    `items`: [{"indicator": …, "method": …}, …]."""
    gaps = []
    named = set()
    for item in items or []:
        name = (item.get("indicator") or "").strip()
        named.add(name)
        if name and not (item.get("method") or "").strip():
            gaps.append({"gap": "method", "name": name})
    if not named - {""}:
        gaps.append({"gap": "none", "name": ""})
    entry = family(category_code)
    for wanted in (entry or {}).get("indicators", []):
        if wanted not in named:
            gaps.append({"gap": "indicator", "name": wanted})
    return gaps
