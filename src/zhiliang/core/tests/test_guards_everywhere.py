"""The jurisdiction is checked by core/guards.py only (docs/decisions/0006-one-guard.md)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
# A region code compared by prefix: `x.code.startswith(`, `region_code.startswith(`, …, or a
# query on a jurisdiction's code (`region__code__startswith=scope.code`): Region.subtree /
# `in_region` / subtree_ids say it once.
INLINE = re.compile(r"code\w*\s*\.startswith\(|code__startswith=[\w.]*\.code\b")


def test_no_inline_jurisdiction_check_outside_core():
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if not {"core", "tests", "migrations"} & set(path.relative_to(SRC).parts)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE.search(line)
    ]
    assert not found, "use core.guards / Region.contains instead: " + ", ".join(found)
