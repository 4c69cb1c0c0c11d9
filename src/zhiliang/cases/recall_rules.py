"""Recall data: notification methods and origins (data/recall_methods.yaml); hazard types
are the risk app's (risk/data/hazards.yaml)."""

from functools import cache

from zhiliang.cases.rules import DATA, _label
from zhiliang.core import yamldata


@cache
def _load() -> dict:
    with open(DATA / "recall_methods.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def method_choices() -> list[tuple[str, str]]:
    return [(m["code"], _label(m)) for m in _load()["methods"]]


def origin_choices() -> list[tuple[str, str]]:
    return [(m["code"], _label(m)) for m in _load()["origins"]]


def method_label(code: str) -> str:
    return dict(method_choices()).get(code, code)


def origin_label(code: str) -> str:
    return dict(origin_choices()).get(code, code)


def methods_rule() -> dict:
    data = _load()
    return {"source": data["source"], "sure": data["sure"]}
