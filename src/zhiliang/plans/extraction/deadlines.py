"""Due years from time words ("到2020年", "“十二五”期末", "年内")."""

import re

from .document import Doc, heading_level
from .normalize import five_year_plan_end, year_of

_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})年(?:(\d{1,2})月)?"
_TRIGGERED = re.compile(rf"(到|至|于|在)?{_YEAR}(底|末|前|内|以前)?")
_PLAN = re.compile(r"“?十[一二三四五六七八九]五”?(期末|末|期间|时期|期)")
_THIS_YEAR = re.compile(r"年内|全年|年底前|年底|今年|当年|本年度|年度内")
_MASKED = re.compile(r"[*×X某]+年")
_HEADING = re.compile(
    r"\s*(第[一二三四五六七八九十]+[章节部分]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[、.])"
)


def sentence_deadline(doc: Doc, start: int, end: int, doc_year: int | None) -> str | None:
    """The due year stated in folded[start:end]; "" when the year is masked."""
    s = doc.folded[start:end]
    found: list[tuple[int, str | None]] = []
    numbering = _HEADING.match(s)
    opening = (0, numbering.end() if numbering else 0)  # "2019年,…" / "二、2019年主要目标"
    for m in _TRIGGERED.finditer(s):
        if doc.depth[start + m.start(2)] > doc.depth[start]:
            continue  # a year inside a title or reference
        if not (m.group(1) or m.group(4) or m.start() in opening):
            continue
        year = year_of(m.group(2))
        if year:
            month = f"-{int(m.group(3)):02d}" if m.group(3) and m.group(4) else ""
            found.append((m.start(), f"{year}{month}"))
    m = _PLAN.search(s)
    if m:
        found.append((m.start(), str(five_year_plan_end(m.group()))))
    for m in _THIS_YEAR.finditer(s):
        prev = s[m.start() - 1] if m.start() else ""
        if prev and (prev.isdigit() or prev in "〇零一二两三四五六七八九十"):
            continue  # 五年内 is a span, not this year
        found.append((m.start(), str(doc_year) if doc_year else None))
    m = _MASKED.search(s)
    if m:
        found.append((m.start(), ""))
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]


_GOALS = re.compile(r"目标|指标")
_RETROSPECTIVE = re.compile(r"回顾|成效|成绩|基本情况|现状|进展情况|发展基础|工作基础|取得的")


def _closes(open_level: int | None, level: int) -> int | None:
    """A heading at `level` ends a section opened at `open_level` when it is no deeper."""
    return None if open_level is not None and level <= open_level else open_level


def sentence_context(doc: Doc, sentences, doc_year: int | None) -> list[tuple]:
    """Per sentence: its due year (own, else the one its heading or lead-in covers),
    whether it reports past results rather than commitments, and whether it sits in a
    section of goals (where a bare figure is a target even without a verb)."""
    out, scope, retro, goals = [], None, None, None
    for start, end in sentences:
        own = sentence_deadline(doc, start, end, doc_year)
        text = doc.folded[start:end]
        at_line_start = not doc.folded[doc.line_at(start)[0] : start].strip()
        level = heading_level(text) if at_line_start and len(text) <= 40 else None
        if level is not None:
            scope = own or None  # a new heading opens a new scope
            retro, goals = _closes(retro, level), _closes(goals, level)
            if retro is None and _RETROSPECTIVE.search(text):
                retro = level
            if goals is None and _GOALS.search(text):
                goals = level
        elif text.endswith(":"):
            scope = own or scope  # "到2020年实现如下目标:"
            goals = 9 if _GOALS.search(text) else goals
        past = False
        m = _TRIGGERED.match(text)
        if doc_year and m and not m.group(1) and not m.group(4):
            year = year_of(m.group(2))
            past = bool(year and year < doc_year)
        deadline = (own or None) if own is not None else scope
        out.append((deadline, past or retro is not None, goals is not None))
    return out
