"""The schemes (data/schemes/*.yaml) and the eligibility rules' texts (data/rules.yaml):
categories → items → points, levels, outcome bands, periods and the consensus gap."""

from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"


def _english() -> bool:
    return not (get_language() or "zh-hans").startswith("zh")


@cache
def schemes() -> dict[str, dict]:
    out = {}
    for path in sorted((DATA / "schemes").glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            scheme = yamldata.load(fh)
        out[scheme["code"]] = scheme
    return out


@cache
def rule_texts() -> dict:
    with open(DATA / "rules.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def scheme(code: str) -> dict | None:
    return schemes().get(code)


def scheme_choices() -> list[tuple[str, str]]:
    key = "name_en" if _english() else "name"
    return [(code, s[key]) for code, s in schemes().items()]


def scheme_label(code: str) -> str:
    return dict(scheme_choices()).get(code, code)


def level_choices() -> list[tuple[str, str]]:
    key = "name_en" if _english() else "name"
    return [(code, v[key]) for code, v in rule_texts()["level_names"].items()]


def level_label(code: str) -> str:
    return dict(level_choices()).get(code, code)


def items(code: str) -> list[dict]:
    """The scheme's scored items in order, each with its category and consensus gap."""
    s = scheme(code)
    if s is None:
        return []
    share = float(s["consensus"]["gap_share"])
    out = []
    for category in s["categories"]:
        for item in category["items"]:
            gap = item.get("gap", round(item["points"] * share, 1))
            out.append({**item, "category": category["code"], "gap": gap})
    return out


def item_map(code: str) -> dict[str, dict]:
    return {i["code"]: i for i in items(code)}


def total_points(code: str) -> int:
    return sum(i["points"] for i in items(code))


def grade_for(code: str, total: float) -> str:
    """The band the total reaches (schemes graded by bands), else ''."""
    outcome = scheme(code)["outcome"]
    if outcome["kind"] != "bands":
        return ""
    for band in outcome["bands"]:
        if total >= band["min"]:
            return band["grade"]
    return ""


def reason_text(rule: str, params: dict) -> str:
    entry = rule_texts()["rules"][rule]
    text = entry["text_en"] if _english() else entry["text"]
    return text.format(**{k: v for k, v in params.items() if k != "rule"})
