"""The survey design, read from data/design.yaml: sectors, questions, scale, index weights,
reporting thresholds and the target."""

from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data" / "design.yaml"


@cache
def design() -> dict:
    with open(DATA, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _english() -> bool:
    return not (get_language() or "zh-hans").startswith("zh")


def _named(key: str) -> list[tuple[str, str]]:
    english = _english()
    return [(e["code"], e["en"] if english else e["name"]) for e in design()[key]]


def sector_choices() -> list[tuple[str, str]]:
    return _named("sectors")


def variable_choices() -> list[tuple[str, str]]:
    return _named("variables")


def sector_words() -> dict[str, str]:
    """Every way a file writes a sector (code, Chinese, English) → its code."""
    out = {}
    for e in design()["sectors"]:
        for word in (e["code"], e["name"], e["en"]):
            out[word] = e["code"]
            out[word.lower()] = e["code"]
    return out


def sector_label(code: str) -> str:
    return dict(sector_choices()).get(code, code)


def questions() -> list[dict]:
    return design()["questions"]


def question_codes() -> list[str]:
    return [q["code"] for q in questions()]


def scale() -> tuple[int, int]:
    s = design()["scale"]
    return int(s["min"]), int(s["max"])


def reporting() -> dict:
    return design()["reporting"]


def target() -> dict:
    return design()["target"]


def rescale(answer: int) -> float:
    low, high = scale()
    return (answer - low) / (high - low) * 100


def scores(answers: dict[str, int]) -> dict[str, float | None]:
    """The respondent's index and each latent variable's score on 0–100 (the mean of its
    answered questions rescaled); None where nothing of it was answered."""
    by_variable: dict[str, list[float]] = {}
    for q in questions():
        if answers.get(q["code"]) is not None:
            by_variable.setdefault(q["variable"], []).append(rescale(answers[q["code"]]))
    out: dict[str, float | None] = {
        v["code"]: (sum(x) / len(x) if (x := by_variable.get(v["code"])) else None)
        for v in design()["variables"]
    }
    weights = design()["index"]["weights"]
    given = {q: w for q, w in weights.items() if answers.get(q) is not None}
    total = sum(given.values())
    out["index"] = sum(rescale(answers[q]) * w for q, w in given.items()) / total if given else None
    return out


def straight_lined(answers: dict[str, int]) -> bool:
    given = [a for a in answers.values() if a is not None]
    return len(given) >= int(design()["straight_lining"]["min_questions"]) and len(set(given)) == 1
