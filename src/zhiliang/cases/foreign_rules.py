"""Foreign-recall data (data/foreign_sources.yaml): the sources and the words a file writes
for them, and the name noise dropped before a manufacturer's name is compared."""

import re
from functools import cache

from zhiliang.cases.rules import DATA, _label
from zhiliang.core import yamldata


@cache
def _load() -> dict:
    with open(DATA / "foreign_sources.yaml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def source_choices() -> list[tuple[str, str]]:
    return [(s["code"], _label(s)) for s in _load()["sources"]]


def source_label(code: str) -> str:
    return dict(source_choices()).get(code, code)


def source_words() -> dict[str, str]:
    """Every way a file writes a source (code, names, words; lower case) → its code."""
    out = {}
    for s in _load()["sources"]:
        for word in [s["code"], s["name"], s.get("name_en", ""), *s.get("words", [])]:
            if word:
                out[str(word).lower().replace(" ", "")] = s["code"]
    return out


def name_core(name: str) -> str:
    """A manufacturer's or brand's name, lower case, without punctuation, spaces and legal
    form ("Ningbo Sunny Co., Ltd." → "ningbosunny"; "常州某某电器有限公司" → "常州某某电器")."""
    data = _load()
    words = re.sub(r"[^\w]+", " ", (name or "").lower()).split()
    text = "".join(w for w in words if w not in set(data["name_words_en"]))
    changed = True
    while changed:
        changed = False
        for suffix in data["name_suffixes_zh"]:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    return text
