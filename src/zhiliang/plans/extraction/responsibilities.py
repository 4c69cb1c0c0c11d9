"""Lead and cooperating units from the parenthesis that closes a numbered task."""

import re

from .document import Doc
from .normalize import squash

_ROLE_HINT = re.compile(r"牵头|负责|参加|配合|协同|参与|协办|主办|协助|责任单位|责任部门")
_LABEL = re.compile(r"([\u4e00-\u9fff]{0,8}?(?:单位|部门))\s*[::]")
_ROLE_VERB = re.compile(
    r"(?:等(?:有关)?(?:部门|单位)?)?"
    r"(牵头负责|共同负责|分别负责|按职责分工负责|按职责负责|负责|牵头|主办|参加|配合|参与|协助|协同|协办|支持)"
)
_COOP = re.compile(r"配合|协同|协办|参与|参加|协助|支持")
_NUMBERING = re.compile(
    r"\s*(第[一二三四五六七八九十]+[条项]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)"
    r"|\d+[.、]?|[①-⑳])\s*"
)
_NEXT_ITEM = re.compile(r"[。;]?\s*(\d+|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|$)")
_HEADING_END = re.compile(r"[。;!?:]")
PLACE_PREFIXES = "省市区县州镇乡"
_PROVINCE_WORDS = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 "
    "江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 "
    "台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 "
)
PROVINCES = tuple(_PROVINCE_WORDS.split())
_SELF_PLACED = re.compile(
    r"^(国家|中国|中央|驻|各)|(园区|开发区|高新区|管委会|街道|办事处|镇|乡)$"
    r"|海关|人行|银行|分行|保监|银监|证监|国税|地税|海事|边检|气象|^[\u4e00-\u9fff]{2,3}[省市县区](?=..)"
)
# Only a department-like name lacks its place; named areas (…旅游区) never do.
_DEPARTMENT = re.compile(r"(局|委|厅|办|部|院|会|署|室|处|中心|所|队|站|社|馆|团|政府|公司)$")
_TRAILING = re.compile(r"(等有关部门|等有关单位|等相关部门|等部门|等单位|等)$")


def _has_prefix(name: str, prefix: str) -> bool:
    if not name.startswith(prefix):
        return False
    # 市场监管局 starts with 市 but names no city.
    return not (prefix == "市" and name.startswith("市场") and not name.startswith("市市场"))


def _self_placed(name: str) -> bool:
    return bool(_SELF_PLACED.search(name)) or name.startswith(PROVINCES)


def _units(doc: Doc, a: int, b: int) -> list[str]:
    """Split one role's list into unit names, expanding elided place prefixes."""
    folded, text = doc.folded, doc.text
    names: list[str] = []
    for run in _spans(folded, a, b, ",;"):
        items = []
        for s, e in _spans(folded, *run, "、"):
            m = _TRAILING.search(folded, s, e)
            e = m.start() if m and m.start() > s else e
            while s < e and folded[s] in " 由":
                s += 1
            if e - s >= 2:
                items.append((s, e))
        if not items:
            continue
        first = folded[items[0][0] : items[0][1]]
        prefix = first[0] if first[0] in PLACE_PREFIXES and _has_prefix(first, first[0]) else None
        for s, e in items:
            name, shown = folded[s:e], text[s:e]
            if (
                prefix
                and not _has_prefix(name, prefix)
                and _DEPARTMENT.search(name)
                and not _self_placed(name)
            ):
                shown = text[items[0][0]] + shown
            names.append(squash(shown))
    return names


def _spans(folded: str, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    out, s, depth = [], a, 0
    for i in range(a, b + 1):
        ch = folded[i] if i < b else ""
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if i == b or (ch in seps and depth == 0):
            x, y = s, i
            while x < y and folded[x] in " \t":
                x += 1
            while y > x and folded[y - 1] in " \t。":
                y -= 1
            if x < y:
                out.append((x, y))
            s = i + 1
    return out


def _roles(doc: Doc, a: int, b: int) -> tuple[list[str], list[str]] | None:
    folded = doc.folded
    lead: list[str] = []
    coop: list[str] = []
    labels = list(_LABEL.finditer(folded, a, b))
    if labels:
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else b
            target = coop if _COOP.search(m.group(1)) else lead
            target.extend(_units(doc, m.end(), end))
        return lead, coop
    pos = a
    for m in _ROLE_VERB.finditer(folded, a, b):
        target = coop if _COOP.search(m.group(1)) else lead
        target.extend(_units(doc, pos, m.start()))
        pos = m.end()
    if pos == a:
        return None
    if pos < b:
        (coop if lead else lead).extend(_units(doc, pos, b))
    return lead, coop


def _task(doc: Doc, paren: int) -> str | None:
    """The heading of the numbered item the parenthesis closes, without its number."""
    ls, le = doc.line_at(paren)
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
    task = squash(doc.text[start:end])
    return task or None


def extract_responsibilities(doc: Doc) -> list[dict]:
    folded, out = doc.folded, []
    for m in re.finditer(r"[(【]", folded):
        i = m.start()
        if doc.chrome[i] or (i > 0 and doc.depth[i - 1] > 0):
            continue  # only outermost parentheses
        close = _matching(doc, i)
        if close is None or close - i > 400:
            continue
        if not _ROLE_HINT.search(folded, i, close) or "。" in folded[i:close]:
            continue
        if not _NEXT_ITEM.match(folded, close + 1, doc.line_at(close)[1]):
            continue  # an aside in mid-sentence, not the item's closing assignment
        roles = _roles(doc, i + 1, close)
        if not roles or not roles[0]:
            continue
        lead, coop = roles
        out.append({"task": _task(doc, i), "lead": lead, "cooperating": coop})
    return out


def _matching(doc: Doc, i: int) -> int | None:
    folded = doc.folded
    pairs = {"(": ")", "【": "】"}
    opener, closer, depth = folded[i], pairs[folded[i]], 0
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
