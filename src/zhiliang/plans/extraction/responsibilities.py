"""Who does each task: the assignments of units to the plan's items.

The genre writes them in four shapes, each found by its own reader below and parsed by
`assignments`: a parenthesis closing an item or a sentence, labelled lines
(`牵头单位:A` / `责任单位:B`), sentences (`由A承办,B协办`), and a table's 责任单位 column.
"""

import re

from .assignments import (
    LABEL,
    ROLE_HINT,
    assignment,
    is_unit,
    resolve,
    units,
    worded_groups,
)
from .document import Doc, heading_level
from .normalize import squash

_NUMBERING = re.compile(
    r"\s*(第[一二三四五六七八九十]+[条项]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)"
    r"|\d+[.、]?|[①-⑳])\s*"
)
_NEXT_ITEM = re.compile(r"[。;]?\s*(\d+|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|$)")
_HEADING_END = re.compile(r"[。;!?:]")
_BRACKETS = {"(": ")", "【": "】", "[": "]", "〔": "〕"}
_ROLE_LABEL = re.compile(
    r"^(牵头|责任|协助|协办|配合|参与|参加|协同|主办|承办)[\u4e00-\u9fff]{0,4}$"
)
_TABLE_HEADER = re.compile(r"^(责任单位|牵头单位|责任部门|牵头部门|责任主体)$")
# `由A承办,B协办` / `A负责,B配合` opening a sentence: a lead, then cooperating units.
_SENTENCE = re.compile(
    r"(由)?[^,。;:()]{2,120}?(承办|主办|牵头负责|牵头|负责),"
    r"[^,。;:()]{2,200}?(协办|配合|协助|参加|协作|协同)"
)
_SENTENCE_ALONE = re.compile(r"由[^,。;:()]{2,120}?(承办|主办|牵头)$")


def extract_responsibilities(doc: Doc) -> list[dict]:
    found: list[tuple[int, dict]] = []
    for read in (_bracketed, _labelled_lines, _sentences, _table_rows):
        found.extend(read(doc))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def _item(task: str | None, roles) -> dict | None:
    if not roles or not roles[0]:
        return None
    lead, coop = roles
    return {"task": task, "lead": lead, "cooperating": coop}


# -- a parenthesis -------------------------------------------------------------------


def _bracketed(doc: Doc):
    folded = doc.folded
    for m in re.finditer(r"[(【\[〔]", folded):
        i = m.start()
        if doc.chrome[i] or (i > 0 and doc.depth[i - 1] > 0):
            continue  # only outermost parentheses
        close = _matching(doc, i)
        if close is None or close - i > 400:
            continue
        # "〔A牵头,B负责。以下均需…不再列出〕": what follows the first full stop is a note.
        stop = folded.find("。", i, close)
        end = stop if stop > 0 else close
        if not ROLE_HINT.search(folded, i, end):
            continue
        closes, after = _closes_item(doc, close), _after_sentence(doc, i)
        if not (closes or after):
            continue  # an aside in mid-sentence, not an assignment
        task = _task(doc, i) if closes else _sentence_before(doc, i)
        item = _item(task, assignment(doc, i + 1, end))
        if item:
            yield i, item


def _closes_item(doc: Doc, close: int) -> bool:
    return bool(_NEXT_ITEM.match(doc.folded, close + 1, doc.line_at(close)[1]))


def _after_sentence(doc: Doc, i: int) -> bool:
    """The parenthesis closes a sentence (…。(A负责)) or names a working group's lead
    (农产品整治组(市农业局牵头))."""
    j = i - 1
    while j >= 0 and doc.folded[j] in " \t":
        j -= 1
    return j < 0 or doc.folded[j] in "。;!?\n" or doc.folded[j] == "组"


def _matching(doc: Doc, i: int) -> int | None:
    folded = doc.folded
    opener = folded[i]
    closer, depth = _BRACKETS[opener], 0
    for j in range(i, min(len(folded), i + 401)):
        ch = folded[j]
        if ch == "\n" and not doc.soft_break(j):
            return None
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return j
    return None


# -- labelled lines --------------------------------------------------------------------


def _labelled_lines(doc: Doc):
    """`责任单位:A、B;协助单位:C` on a line of its own or after the item's last sentence,
    and `牵头单位:A` with `责任单位:B` on the next line."""
    folded, pos = doc.folded, 0
    for m in LABEL.finditer(folded):
        i = m.start()
        if i < pos or doc.chrome[i] or doc.depth[i] > 0 or not _ROLE_LABEL.search(m.group(1)):
            continue
        ls, le = doc.line_at(i)
        before = folded[ls:i].strip()
        if before and before[-1] not in "。;":
            continue  # a label inside running text
        end = le
        while True:  # the next label line belongs to the same assignment
            nxt = _next_line(doc, end)
            label = nxt and LABEL.match(folded, nxt[0])
            if not (label and _ROLE_LABEL.search(label.group(1))):
                break
            end = nxt[1]
        pos = end
        item = _item(_heading_above(doc, i), assignment(doc, i, end))
        if item:
            yield i, item


def _next_line(doc: Doc, end: int) -> tuple[int, int] | None:
    """The next non-blank line after the line ending at `end`."""
    folded = doc.folded
    j = end
    while j < len(folded) and folded[j] in "\n \t":
        j += 1
    return doc.line_at(j) if j < len(folded) else None


# -- sentences -------------------------------------------------------------------------


def _sentences(doc: Doc):
    """`由A承办,B、C协办。` or `A负责,B配合,…` opening a sentence."""
    folded = doc.folded
    for s, e in doc.sentences():
        number = _NUMBERING.match(folded, s, e)
        start = number.end() if number and number.end() < e else s
        if doc.depth[start] > 0:
            continue
        m = _SENTENCE.match(folded, start, e) or _SENTENCE_ALONE.match(folded, start, e)
        if not m:
            continue
        # `(一)由A负责,B配合,加快…`: the item's own words follow the assignment.
        rest = re.match(r",([^,。;]{4,60})", folded[m.end() : e])
        task = squash(doc.text[m.end() + 1 : m.end() + rest.end()]) if rest else None
        task = task or _heading_above(doc, s)
        item = _item(task, resolve(worded_groups(doc, start, m.end())))
        if item:
            yield s, item


# -- a table's responsibility column ---------------------------------------------------


def _table_rows(doc: Doc):
    """A table flattened to one cell a line: a header (序号, …, 责任单位), then rows that
    each start with their number."""
    lines = [(s, e) for s, e in doc.lines if doc.folded[s:e].strip()]
    cells = [doc.folded[s:e].strip() for s, e in lines]
    for h, cell in enumerate(cells):
        if not _TABLE_HEADER.match(cell):
            continue
        first = h
        while first > 0 and h - first < 8 and cells[first] != "序号":
            first -= 1
        if cells[first] != "序号":
            continue
        width, column = h - first + 1, h - first
        while h + 1 < len(cells) and len(cells[h + 1]) <= 8 and not cells[h + 1].isdigit():
            h, width = h + 1, width + 1  # header cells after the responsibility column
        yield from _rows(doc, lines, cells, h + 1, width, column)


def _rows(doc, lines, cells, start, width, column):
    number, row = 1, start
    while row < len(cells) and cells[row] == str(number):
        nxt = row + 1
        while nxt < len(cells) and cells[nxt] != str(number + 1) and nxt - row < 3 * width:
            nxt += 1
        # A page break repeats the header inside a row; what follows it continues a cell.
        cut = next((i for i in range(row + 1, nxt) if cells[i] == "序号"), nxt)
        own = list(range(row, cut))
        pick = own[-1] if column == width - 1 else own[column] if len(own) == width else None
        if pick is not None and pick > row:
            s, e = lines[pick]
            names = units(doc, s, e)
            if names and all(is_unit(n) for n in names):
                task = squash(doc.text[slice(*lines[row + 1])]) if row + 1 < pick else None
                yield s, {"task": task, "lead": names, "cooperating": []}
        number, row = number + 1, nxt


# -- the task an assignment belongs to -----------------------------------------------


def _heading_above(doc: Doc, pos: int) -> str | None:
    """The heading of the numbered item above `pos`."""
    folded = doc.folded
    end = pos
    while end > 0:
        ls = folded.rfind("\n", 0, end - 1) + 1
        if heading_level(folded[ls:end]) is not None:
            return _heading_text(doc, ls, folded.find("\n", ls) if "\n" in folded[ls:] else end)
        end = ls - 1 if ls > 0 else 0
        if ls == 0:
            break
    return None


def _heading_text(doc: Doc, ls: int, le: int) -> str | None:
    m = _NUMBERING.match(doc.folded, ls, le)
    start = m.end() if m else ls
    stop = _HEADING_END.search(doc.folded, start, le)
    return _short(squash(doc.text[start : stop.start() if stop else le]))


_ITEM_NUMBER = re.compile(
    r"(?:^|(?<=[。;:)\s]))(\d+[.、](?!\d)|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)"
    r"|(?<!\d)\d{1,2}\.(?=[\u4e00-\u9fff])"  # run-on items of a flattened page: 工程4.统筹
)


def _sentence_before(doc: Doc, paren: int) -> str | None:
    """The sentence a parenthesis closes: `…跟踪评价。(卫生健康委负责)`."""
    folded, end = doc.folded, paren
    while end > 0 and folded[end - 1] in "。; \t":
        end -= 1
    floor = max(0, end - 300)  # a sentence is shorter; the bound keeps long pages fast
    start = max(max(folded.rfind(ch, floor, end) for ch in "。;:\n)") + 1, floor)
    number = _ITEM_NUMBER.match(folded, start, end)
    return _short(squash(doc.text[number.end() if number else start : end]))


def _task(doc: Doc, paren: int) -> str | None:
    """The heading of the numbered item the parenthesis closes, without its number."""
    ls, le = doc.line_at(paren)
    numbers = list(_ITEM_NUMBER.finditer(doc.folded, ls, paren))
    if numbers and numbers[-1].start() > ls:
        # Items run on in one line (a page flattened): the last number before it.
        start = numbers[-1].end()
        stop = re.compile(r"[。;,:(]").search(doc.folded, start, paren)
        return _short(squash(doc.text[start : stop.start() if stop else paren]))
    while ls > 0 and not doc.folded[ls:paren].strip():
        # The parenthesis stands on a line of its own: the item is above it.
        paren = ls - 1
        ls, le = doc.line_at(paren)
        le = paren
    m = _NUMBERING.match(doc.folded, ls, le)
    start = m.end() if m else ls
    while start < le and doc.folded[start].isspace():
        start += 1
    end = min(paren, le) if paren > start else le
    stop = _HEADING_END.search(doc.folded, start, end)
    end = stop.start() if stop else end
    return _short(squash(doc.text[start:end]))


def _short(task: str) -> str | None:
    """A heading run on into its item's text keeps only its first clause."""
    if len(task) > 40:
        task = re.split(r"[,(]", task, maxsplit=1)[0]
    return task or None
