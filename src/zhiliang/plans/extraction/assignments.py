"""One assignment's text → lead and cooperating unit names.

An assignment is either labelled (`牵头单位:A;责任单位:B`) or worded (`A牵头,B参加`,
`由A承办,B协办`). Each labelled or worded group gives a role word and its units; the roles
are resolved together, because `负责` means "lead" alone but "cooperate" beside `牵头`.
"""

import re

from .document import Doc
from .normalize import squash

ROLE_HINT = re.compile(r"牵头|负责|参加|配合|协同|参与|协办|主办|承办|协助|协作|责任单位|责任部门")
LABEL = re.compile(r"([\u4e00-\u9fff]{0,8}?(?:单位|部门))\s*[::]")
_ROLE_VERB = re.compile(
    r"(?:等(?:有关)?(?:部门|单位)?)?"
    r"(牵头负责|共同负责|分别负责|按职责分工负责|按职责负责|负责落实|负责|牵头|主办|承办"
    r"|参加|配合|参与|协助|协同|协办|协作|支持)"
)
_COOP = re.compile(r"配合|协同|协办|参与|参加|协助|协作|支持")
_FIRST = re.compile(r"牵头|主办|承办")
PLACE_PREFIXES = "省市区县州镇乡"
_PROVINCE_WORDS = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 "
    "江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 "
    "台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 "
)
PROVINCES = tuple(_PROVINCE_WORDS.split())
_SELF_PLACED = re.compile(
    r"^(国家|中国|中央|驻|各|全)|(园区|开发区|高新区|管委会|街道|办事处|镇|乡)$"
    r"|海关|检验检疫|集团|人行|银行|分行|保监|银监|证监|国税|地税|海事|边检|气象"
    r"|^[\u4e00-\u9fff]{2,3}[省市县区](?=..)"
)
# Only a department-like name lacks its place; named areas (…旅游区) never do.
_DEPARTMENT = re.compile(r"(局|委|厅|办|部|院|会|署|室|处|中心|所|队|站|社|馆|团|政府|公司)$")
_UNIT_END = re.compile(r"(局|委|厅|办|部|院|会|署|室|处|中心|所|队|站|社|馆|团|政府|部门|单位)$")
_TRAILING = re.compile(r"(等有关部门|等有关单位|等相关部门|等部门|等单位|等)$")
# A place word cut off by 、 inside one unit's name: 各市、区人民政府.
_BARE_PLACE = re.compile(r"^各?[市县区州乡镇]$")


def _has_prefix(name: str, prefix: str) -> bool:
    if not name.startswith(prefix):
        return False
    # 市场监管局 starts with 市 but names no city.
    return not (prefix == "市" and name.startswith("市场") and not name.startswith("市市场"))


def is_unit(name: str) -> bool:
    """Reads as the name of a body (市质监局, 各街道), not as a sentence."""
    return len(name) <= 30 and bool(_UNIT_END.search(name) or _SELF_PLACED.search(name))


def _self_placed(name: str) -> bool:
    return bool(_SELF_PLACED.search(name)) or name.startswith(PROVINCES)


def spans(folded: str, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    """Cut [a, b) at `seps` outside parentheses, trimmed."""
    out, s, depth = [], a, 0
    for i in range(a, b + 1):
        ch = folded[i] if i < b else ""
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if i == b or (ch in seps and depth == 0):
            x, y = s, i
            while x < y and folded[x] in " \t\n":
                x += 1
            while y > x and folded[y - 1] in " \t\n。":
                y -= 1
            if x < y:
                out.append((x, y))
            s = i + 1
    return out


def _split_and(folded: str, s: int, e: int) -> list[tuple[int, int]]:
    """`A和B` is two units only where A already reads as a unit (not 工业和信息化部)."""
    cut = folded.find("和", s, e)
    while cut > s:
        if _UNIT_END.search(folded[s:cut]) and e - cut > 2:
            return [(s, cut), *_split_and(folded, cut + 1, e)]
        cut = folded.find("和", cut + 1, e)
    return [(s, e)]


def units(doc: Doc, a: int, b: int) -> list[str]:
    """Split one role's list into unit names, expanding elided place prefixes."""
    folded, text = doc.folded, doc.text
    names: list[str] = []
    for run in spans(folded, a, b, ",;"):
        pieces = spans(folded, *run, "、")
        joined: list[tuple[int, int]] = []
        for s, e in pieces:
            if joined and _BARE_PLACE.match(folded[joined[-1][0] : joined[-1][1]]):
                joined[-1] = (joined[-1][0], e)
            else:
                joined.append((s, e))
        items = []
        for s0, e0 in joined:
            for s, e in _split_and(folded, s0, e0):
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


def resolve(groups: list[tuple[str, list[str]]]) -> tuple[list[str], list[str]] | None:
    """(role word, units) groups → (lead, cooperating). Beside a 牵头/承办 group, the
    responsible (负责/责任单位) groups cooperate."""
    if not groups:
        return None
    has_first = any(_FIRST.search(word) for word, _ in groups)
    lead: list[str] = []
    coop: list[str] = []
    for word, names in groups:
        if _COOP.search(word) or (has_first and not _FIRST.search(word)):
            coop.extend(names)
        else:
            lead.extend(names)
    if not lead and coop:
        return None
    return lead, coop


def labelled_groups(doc: Doc, a: int, b: int) -> list[tuple[str, list[str]]]:
    """`牵头单位:A;责任单位:B` → [("牵头单位", [A]), ("责任单位", [B])]."""
    folded = doc.folded
    labels = list(LABEL.finditer(folded, a, b))
    out = []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else b
        out.append((m.group(1), units(doc, m.end(), end)))
    return out


def worded_groups(doc: Doc, a: int, b: int) -> list[tuple[str, list[str]]]:
    """`A牵头,B参加` → [("牵头", [A]), ("参加", [B])]; a tail without its own verb
    cooperates when a lead came before it."""
    folded = doc.folded
    out, pos = [], a
    for m in _ROLE_VERB.finditer(folded, a, b):
        out.append((m.group(1), units(doc, pos, m.start())))
        pos = m.end()
    if pos == a:
        return []
    if pos < b:
        tail = units(doc, pos, b)
        if tail:
            out.append(("配合" if out else "负责", tail))
    return [(word, names) for word, names in out if names]


def assignment(doc: Doc, a: int, b: int) -> tuple[list[str], list[str]] | None:
    """Lead and cooperating units of the text [a, b), labelled or worded."""
    if LABEL.search(doc.folded, a, b):
        return resolve(labelled_groups(doc, a, b))
    return resolve(worded_groups(doc, a, b))
