"""The credit rules, read from data/: record kinds, the risk model, the sampling ratios.

Regulatory figures with their source and a `sure` mark (✓/?); code only reads them.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"
CLASSES = ("A", "B", "C", "D")


def _english() -> bool:
    return (get_language() or "").startswith("en")


@lru_cache(maxsize=8)
def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yamldata.load(fh)


@dataclass(frozen=True)
class Kind:
    code: str
    label_zh: str
    label_en: str
    sign: str
    source: str
    sure: bool

    @property
    def label(self) -> str:
        return self.label_en if _english() else self.label_zh


def kinds() -> dict[str, Kind]:
    return {
        k["code"]: Kind(
            code=k["code"],
            label_zh=k["label"],
            label_en=k["label_en"],
            sign=k["sign"],
            source=k["source"],
            sure=bool(k["sure"]),
        )  # fmt: skip
        for k in _load("record_kinds.yaml")["kinds"]
    }


def kind_choices() -> list[tuple[str, str]]:
    return [(code, kind.label) for code, kind in kinds().items()]


@dataclass(frozen=True)
class Feature:
    """One column of the per-enterprise matrix: records of `kinds` (and `details`) counted
    in the `window_months` before the day of classification, or open on that day."""

    code: str
    kinds: tuple[str, ...]
    weight: float = 0.0
    cap: int = 1
    window_months: int | None = None
    measure: str = "count"  # or "open"
    details: tuple[str, ...] = ()
    family: str = ""
    text: str = ""
    text_en: str = ""
    force: str = ""  # hard rules: the class forced
    sure: bool = False  # the weight is ours (?) unless the entry says it is a source's (✓)
    source: str = ""
    # An attribute of the enterprise instead of its records (`years_in_business` with
    # `below` / `at_least` years, `size_class` with `values`): 1 when it holds, else 0.
    attribute: str = ""
    below: int | None = None
    at_least: int | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskModel:
    version: str
    source: str
    sure: bool
    default_class: str
    features: tuple[Feature, ...]
    hard_rules: tuple[Feature, ...]
    bands: dict = field(default_factory=dict)

    def text(self, code: str, n: int, english: bool) -> str:
        for item in self.features + self.hard_rules:
            if item.code == code:
                return (item.text_en if english else item.text).format(n=n)
        return code


def _feature(entry: dict) -> Feature:
    data = dict(entry)
    data["kinds"] = tuple(data.get("kinds", ()))
    data["details"] = tuple(data.get("details", ()))
    data["values"] = tuple(data.get("values", ()))
    return Feature(**data)


_ATTRIBUTES = {"years_in_business": ("below", "at_least"), "size_class": ("values",)}


def _check_attribute(item: Feature) -> None:
    if item.attribute not in _ATTRIBUTES:
        raise ValueError(f"risk_model.yaml: {item.code} names unknown attribute {item.attribute}")
    if not any(getattr(item, key) for key in _ATTRIBUTES[item.attribute]):
        raise ValueError(f"risk_model.yaml: {item.code} gives no condition on {item.attribute}")


@lru_cache(maxsize=1)
def risk_model() -> RiskModel:
    data = _load("risk_model.yaml")
    known = set(kinds())
    features = tuple(_feature(f) for f in data["features"])
    hard = tuple(_feature(f) for f in data.get("hard_rules", ()))
    for item in features + hard:
        if item.attribute:
            _check_attribute(item)
            continue
        unknown = set(item.kinds) - known
        if unknown:
            raise ValueError(f"risk_model.yaml: {item.code} names unknown kinds {unknown}")
    return RiskModel(
        version=str(data["version"]), source=data["source"], sure=bool(data["sure"]),
        default_class=data["default_class"], features=features, hard_rules=hard,
        bands=dict(data["bands"]),
    )  # fmt: skip


def steering() -> dict:
    return _load("steering.yaml")


def risk_weights() -> dict[str, float]:
    """The draw's default relative weight per class (inspections/data/sampling.yaml)."""
    from zhiliang.inspections.rules import sampling_rules

    weights = sampling_rules()["risk_weights"]
    return {c: float(weights[c]) for c in CLASSES}
