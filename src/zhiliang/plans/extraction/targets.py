"""Numeric targets: the clause grammar around each quantity.

A clause is read as [lead-in][indicator][comparator] N unit [post word][object]. When
the object is present the indicator is the object (with its verb); otherwise it is
the text before the number, split when several indicators share one number.
"""

import re

from .deadlines import sentence_context
from .document import Doc
from .normalize import fold, squash
from .quantities import COUNT_VERBS, PRE_WORDS, Quantity, find_quantities, pre_comparator

_LEAD = re.compile(
    r"\s+|[、,:.]+|\d+(?:[.、]|\s)|[一二三四五六七八九十]+[、是]|\(\w{1,3}\)"
    r"|到?(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?"
    r"|到?“?十[一二三四五六七八九]五”?(?:期末|末|期间|时期)?|[*×]年"
    r"|年内|全年|年底前|年底|今年|当年|本年度|力争|争取|确保|努力|力求|全面|进一步|积极|大力"
    r"|逐步|继续|实现|其中|同时|并且|以及|另外|此外|切实|着力|深入|加快|通过努力"
    r"|(?:全市|全省|全区|全县|全镇|园区|辖区内|我市|我省|我区|我县)(?=力争|争取|确保|努力|年内|全年|要|将)"
    r"|对(?![外标口])|在(?![线岗用建校职读])|将|并(?!联)"
)
_TAIL_TEXT = "均 都 分别 要 应 需 必须 将 逐步 稳步 持续 累计 在 约 保持 稳定 控制 "
_TAIL_WORDS = sorted(_TAIL_TEXT.split(), key=len, reverse=True)
RATE_HEAD = re.compile(r"(率|度|指数|覆盖面|比例|比重|占比|份额|系数|得分)$")
_SUBJECT_TEXT = (
    "服务业 农产品 企业 单位 产品 设备 人员 工程 项目 机构 行业 园区 领域 "
    "区域 组织 主体 商品 食品 药品 器具 工业 "
)
SUBJECT_ENDERS = _SUBJECT_TEXT.split()
_GROUP_END = re.compile("(" + "|".join(SUBJECT_ENDERS) + "|质量)$")
# A bare total leans on the clause before it: "注册量年均增长30%以上,总数超过1000件".
_BARE_TOTAL = re.compile(r"(总数|总量|总额|总规模)$")
# Verbs that may open the object after the number ("新建3个示范区").
_VERB_TEXT = (
    "新增 新建 新培育 新认定 建成 建设 建立 创建 创成 培育 培养 发展 实施 "
    "制定 制修订 修订 推进 推动 推荐 完成 增加 设立 组织 开展 打造 引进 "
    "认定 争创 获得 扶持 培训 评选 选树 命名 确定 举办 召开 帮扶 孵化 "
    "申报 获评 评定 入选 形成 参与 主导 落实 支持 指导 引导 服务 投入 有 "
    "选择 遴选 选取 对 向 为 建 创 "
)
VERBS = sorted(_VERB_TEXT.split(), key=len, reverse=True)
_NOISE_OBJECT = re.compile(r"(水平|目标|标准|要求|左右)?$")
_LIST_SEP = re.compile(r"以及|[、和及与]")
_NEW_PREDICATE = re.compile(r"并|同时|从而|进而")
_CELL_GAP = re.compile(r"\t| {2,}")
_STATUS = re.compile(r"现有|已有|目前|共有|已经|已达|已获|荣获|获批|累计已")
# A count after a bare scope ("全市76个乡镇") describes, it does not commit.
_SCOPE_ONLY = re.compile(r"(全市|全省|全区|全县|全镇|各地|辖区内|我市|我省|我区|我县|全国)?")
# Words that commit to a figure; a bare count in a sentence without any is a fact.
_COMMIT_WORDS = re.compile(
    "|".join(w for w in {*COUNT_VERBS, *" ".join(PRE_WORDS.values()).split(), "目标"} if len(w) > 1)
)
_ABOUT = re.compile(r"[\s\d.、()一二三四五六七八九十]*对")
# Conditional incentives ("给予一次性奖励50万元") are no committed amounts.
_INCENTIVE = re.compile(r"奖励|奖补|补助|资助|补贴|一次性")
_COMMITMENT = re.compile(r"力争|确保|争取|目标|(?<![主重需必])要|将|计划|预计|新增|达到|实现")


def _trim_lead(doc: Doc, a: int, b: int) -> int:
    while a < b:
        m = _LEAD.match(doc.folded, a, b)
        if not m or m.end() == a:
            break
        a = m.end()
    return a


def _trim_tail(doc: Doc, a: int, b: int) -> tuple[int, bool]:
    """Drop comparator and modal words before the number; report 分别."""
    resp = False
    while a < b:
        while b > a and doc.folded[b - 1] in " 、,":
            b -= 1
        word, _ = pre_comparator(doc.folded, a, b)
        if not word:
            word = next((w for w in _TAIL_WORDS if doc.folded.startswith(w, b - len(w))), "")
            if b - len(word) < a:
                word = ""
        if not word:
            break
        resp = resp or word == "分别"
        b -= len(word)
    return b, resp


def _trailing_verb(doc: Doc, a: int, b: int) -> str | None:
    for v in VERBS:
        if b - len(v) >= a and doc.folded.startswith(v, b - len(v)):
            return v
    return None


def _comparator(q: Quantity) -> str:
    if q.post in ("左右", "上下") or q.pre_sym == "~":
        return "~"
    if q.post:
        return "<=" if q.post in ("以下", "以内") else ">="
    if q.pre_sym and not q.ranged:
        return q.pre_sym
    return ">="


def subject_cut(s: str) -> int | None:
    """Where the named subject of a (folded) indicator ends: "特种设备|注册登记率"."""
    if s.find("的", 2, len(s) - 1) >= 0:
        return s.rindex("的", 2, len(s) - 1) + 1
    best = None
    for w in SUBJECT_ENDERS:
        i = s.rfind(w)
        # A bare ender at the start ("产品|质量合格率") is a compound, not a subject.
        if i > 0 and len(s) - (i + len(w)) >= 2:
            best = max(best or 0, i + len(w))
    return best


def _split_indicators(doc: Doc, a: int, b: int, each: bool) -> list[str]:
    """ "A率和B率均达到" -> [A率, B率], with the shared subject or head spelled out."""
    folded = doc.folded
    base = doc.depth[a]
    cuts, pos = [], a
    for m in _LIST_SEP.finditer(folded, a, b):
        if doc.depth[m.start()] != base or m.start() == pos:
            continue
        before = folded[pos : m.start()]
        if (
            RATE_HEAD.search(before)
            or (each and m.group() != "、")
            # Subject groups that each have a head noun: "A企业和B企业自主商标拥有率".
            or (
                m.group() != "、"
                and _GROUP_END.search(before)
                and RATE_HEAD.search(folded, m.end(), b)
            )
        ):
            cuts.append((pos, m.start()))
            pos = m.end()
    if not cuts or pos >= b:
        return [doc.text[a:b]]
    parts = [*cuts, (pos, b)]
    fts = [folded[s:e] for s, e in parts]
    ots = [doc.text[s:e] for s, e in parts]
    out = []
    for i, (ft, ot) in enumerate(zip(fts, ots, strict=True)):
        if i < len(parts) - 1 and not RATE_HEAD.search(ft) and RATE_HEAD.search(fts[-1]):
            ot += _shared_head(ft, fts[-1], ots[-1])
        elif (
            i > 0
            and RATE_HEAD.search(ft)
            and not ft.startswith(fts[0][:2])
            and not any(ch in ft for ch in "的、等")  # a conjunct naming its own subject
        ):
            cut = subject_cut(fts[0]) if RATE_HEAD.search(fts[0]) else None
            ot = (ots[0][:cut] if cut else "") + ot
        out.append(ot)
    return out


def _shared_head(part: str, last_f: str, last_o: str) -> str:
    """The measured head the last conjunct carries for all ("…服务业顾客满意度指数")."""
    for k in (3, 2, 1):
        if len(part) >= k:
            i = last_f.rfind(part[-k:], 0, len(last_f) - 1)
            if i >= 0 and len(last_f) - (i + k) >= 2:
                return last_o[i + k :]
    cut = subject_cut(last_f)
    return last_o[cut:] if cut else ""


def _object(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """The object after the number, or an empty span when there is none worth naming."""
    while a < b and doc.folded[a] in " 的”’":
        a += 1
    while b > a and doc.folded[b - 1] in " 、,":
        b -= 1
    cut = _NEW_PREDICATE.search(doc.folded, a + 2, b)
    b = cut.start() if cut else b
    if b - a > 4 and doc.folded.endswith("工作", a, b):
        b -= 2
    if _NOISE_OBJECT.fullmatch(doc.folded, a, b):
        return a, a
    return a, min(b, a + 40)


def _borrow_from_previous(doc: Doc, prev_clause, ind: str) -> str:
    """ "加大对从业人员的培训力度,力争全年培训不少于200人次" -> 从业人员培训."""
    if not prev_clause or not 2 <= len(ind) <= 4:
        return ind
    verb = fold(ind[-2:])
    ps, pe = prev_clause
    m = re.search(rf"对(.{{2,20}}?)的?{re.escape(verb)}", doc.folded[ps:pe])
    if not m:
        return ind
    return doc.text[ps + m.start(1) : ps + m.end(1)] + ind[-2:]


def _fill_elided_head(t: dict, prev: dict | None) -> None:
    """ "A产品的抽查合格率不低于92%,其它产品不低于85%": the second reuses the head."""
    if prev and _BARE_TOTAL.fullmatch(fold(t["indicator"])):
        m = re.search(r"[量数额]", fold(prev["indicator"]))
        if m and m.start() >= 2:
            t["indicator"] = prev["indicator"][: m.start()] + t["indicator"]
        return
    if not prev or t["unit"] != "%" or prev["unit"] != "%" or not t["_bare"]:
        return
    ind, pind = fold(t["indicator"]), fold(prev["indicator"])
    if RATE_HEAD.search(ind) or not RATE_HEAD.search(pind):
        return
    cut = subject_cut(pind)
    if cut:
        joiner = "的" if pind[cut - 1] == "的" and not ind.endswith("的") else ""
        t["indicator"] += joiner + prev["indicator"][cut:]


def _is_status(doc: Doc, sentence_start: int, pos: int) -> bool:
    """A figure reported as already reached ("现有…企业1200家"), not committed to."""
    before = doc.folded[sentence_start:pos]
    statuses = list(_STATUS.finditer(before))
    return bool(statuses) and not _COMMITMENT.search(before, statuses[-1].end())


def _is_committed(doc: Doc, q: Quantity, cs: int, ce: int, ss: int, goals: bool) -> bool:
    folded = doc.folded
    if _is_status(doc, ss, q.start):
        return False
    if q.unit and q.unit.endswith("元") and _INCENTIVE.search(folded, cs, ce):
        return False
    # "对投资1000万元以上的项目给予支持": the figure only picks out whom the clause is about.
    if _ABOUT.match(folded, cs, q.start) and folded.startswith("的", q.end_post):
        return False
    if goals or q.unit in ("%", "‰") or q.pre_sym or q.post:
        return True
    return bool(_COMMIT_WORDS.search(folded, ss, ce))


def _targets_in_clause(doc: Doc, cs: int, ce: int, prev_clause, ss: int, goals: bool) -> list[dict]:
    qs = [q for q in find_quantities(doc, cs, ce) if _is_committed(doc, q, cs, ce, ss, goals)]
    # A quantity inside the subject of the next one ("年耗标煤5000吨以上重点耗能单位…
    # 配备率达到98%") qualifies it and is no target of its own.
    kept = []
    for i, q in enumerate(qs):
        nxt = qs[i + 1] if i + 1 < len(qs) else None
        if nxt and nxt.pre_word and nxt.start > q.end_post:
            gap = doc.folded[q.end_post : nxt.start]
            if not _LIST_SEP.search(gap) and (gap.startswith("的") or not q.pre_word):
                continue
        kept.append(q)
    built, lo = [], cs
    for i, q in enumerate(kept):
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        hi, next_lo = ce, ce
        if nxt:
            seps = [
                m
                for m in _LIST_SEP.finditer(doc.folded, q.end_post, nxt.start)
                if doc.depth[m.start()] == doc.depth[cs]
            ]
            pick = [m for m in seps if m.group() == "、"] or seps
            hi, next_lo = (pick[-1].start(), pick[-1].end()) if pick else (q.end_post, q.end_post)
        built.append(_build(doc, q, lo, hi, prev_clause))
        lo = next_lo
    _respectively(built)
    _restore_qualifier(built)
    return [
        {
            "indicator": squash(n),
            "comparator": _comparator(q),
            "value": q.value,
            "unit": q.unit,
            "_bare": bare,
        }
        for names, q, bare, _ in built
        for n in names
        if n.strip()
    ]


def _restore_qualifier(built: list) -> None:
    """ "放心消费单位40个、街区4个、放心消费行业协会4个": a short item takes the qualifier
    its siblings share (放心消费街区)."""
    names = [n for entry in built for n in entry[0]]
    for entry in built:
        for k, name in enumerate(entry[0]):
            if not 1 < len(squash(name)) <= 3:
                continue
            others = [squash(o) for o in names if o is not name]
            shared = [_common_prefix(x, y) for i, x in enumerate(others) for y in others[i + 1 :]]
            best = max((p for p in shared if len(p) >= 2), key=len, default="")
            if best and not squash(name).startswith(best):
                entry[0][k] = best + name


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _respectively(built: list) -> None:
    """ "A率和B率分别达到95%和85%": hand each indicator its own number."""
    for i, (names, _, _, resp) in enumerate(built):
        followers = [j for j in range(i + 1, len(built)) if not built[j][0]]
        if resp and len(names) > 1 and followers:
            k = min(len(names) - 1, len(followers))
            for j, name in zip(followers[:k], names[1 : 1 + k], strict=True):
                built[j][0].append(name)
            del names[1 : 1 + k]


def _cell_bounds(doc: Doc, q: Quantity, lo: int, hi: int) -> tuple[int, int]:
    """In a table row ("1  食品抽检合格率  98%以上  市场监管局") the indicator is the
    cell before a number that opens its cell, and the number's cell ends the object."""
    gaps = list(_CELL_GAP.finditer(doc.folded, lo, q.start))
    if gaps:
        cell = gaps[-1].end()
        if _trim_tail(doc, cell, q.start)[0] > cell:
            lo = cell  # the indicator shares the number's cell
        elif len(gaps) > 1:
            lo = gaps[-2].end()
    after = _CELL_GAP.search(doc.folded, q.end_post, hi)
    return lo, after.start() if after else hi


def _build(doc: Doc, q: Quantity, lo: int, hi: int, prev_clause) -> tuple:
    """(indicator names, quantity, has no object, "分别" seen) for one quantity."""
    lo, hi = _cell_bounds(doc, q, lo, hi)
    a = _trim_lead(doc, lo, q.start)
    b, resp = _trim_tail(doc, a, q.start)
    a = _trim_lead(doc, a, b)
    oa, ob = _object(doc, q.end_post, hi)
    names: list[str] = []
    if ob > oa:
        # The verb right before the number opens the object: "新建3个示范区".
        vb = q.start
        while vb > lo and doc.folded[vb - 1] == " ":
            vb -= 1
        verb = _trailing_verb(doc, lo, vb)
        if verb:
            kept = doc.text[vb - len(verb) : vb] if len(verb) >= 2 else ""
            names = [kept + doc.text[oa:ob]]
        elif a < b and _SCOPE_ONLY.fullmatch(doc.folded, a, b) and q.pre_sym is None:
            names = []  # "在全市76个乡镇开展": a description, not a commitment
        elif a == b:
            names = [doc.text[oa:ob]]
        else:
            names = [doc.text[a:b] + doc.text[oa:ob]]
    elif a < b:
        # "均/都/分别" between the indicators and the number: several share it.
        each = bool(re.search(r"[均都]|分别", doc.folded[b : q.start]))
        parts = _split_indicators(doc, a, b, each)
        names = [_borrow_from_previous(doc, prev_clause, n) for n in parts]
    return names, q, ob <= oa, resp


def extract_targets(doc: Doc, doc_year: int | None) -> list[dict]:
    sentences = doc.sentences()
    contexts = sentence_context(doc, sentences, doc_year)
    out = []
    for (ss, se), (deadline, past, goals) in zip(sentences, contexts, strict=True):
        if past:
            continue
        prev_clause, prev = None, None
        for cs, ce in doc.clauses(ss, se):
            found = _targets_in_clause(doc, cs, ce, prev_clause, ss, goals)
            for t in found:
                _fill_elided_head(t, prev)
                t["deadline"] = deadline
                t["span"] = [cs, ce]
            prev = found[-1] if found else None
            prev_clause = (cs, ce)
            out.extend(found)
    for t in out:
        del t["_bare"]
    return out
