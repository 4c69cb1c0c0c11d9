"""Suggest the catalogue indicator a plan target is measured by, from its written name.

The synonym table is data (`data/synonyms.yaml`); a person confirms each suggestion.
"""

import re
from functools import lru_cache
from pathlib import Path

from zhiliang.core import yamldata

SYNONYMS = Path(__file__).resolve().parent / "data" / "synonyms.yaml"
# Spaces, brackets, quotes and the like do not change what a target measures.
NOISE = re.compile(r"[\s《》〈〉<>()（）“”\"'‘’「」【】\[\]·、,，.:：;；]+")


def normalize(text: str) -> str:
    return NOISE.sub("", text or "").lower()


@lru_cache(maxsize=4)
def load_synonyms(
    path: Path = SYNONYMS,
) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """((code, names, exclude words), …) from the YAML table."""
    rows = yamldata.load(path.read_text(encoding="utf-8")) or []
    table = []
    for row in rows:
        names = tuple(normalize(n) for n in row.get("names", []) if normalize(n))
        exclude = tuple(normalize(w) for w in row.get("exclude", []) if normalize(w))
        table.append((str(row["code"]), names, exclude))
    return tuple(table)


def suggest_code(text: str, *, catalogue: dict[str, str] | None = None) -> str | None:
    """The indicator code whose synonym (or catalogue name) the text contains; None if none.

    `catalogue` maps codes to indicator names: only those codes are suggested, and each
    indicator's own name counts as a synonym.
    """
    written = normalize(text)
    if not written:
        return None
    candidates: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    for code, names, exclude in load_synonyms():
        candidates[code] = (list(names), exclude)
    for code, name in (catalogue or {}).items():
        candidates.setdefault(code, ([], ()))[0].append(normalize(name))
    best, best_length = None, 0
    for code, (names, exclude) in candidates.items():
        if catalogue is not None and code not in catalogue:
            continue
        if any(word in written for word in exclude):
            continue
        for name in names:
            if name and name in written and len(name) > best_length:
                best, best_length = code, len(name)
    return best
