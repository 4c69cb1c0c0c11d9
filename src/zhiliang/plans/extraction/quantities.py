"""Numbers with their measure word, and the comparator words around them."""

import re
from dataclasses import dataclass

from .document import Doc
from .normalize import to_number

# Longest first, so "人次" wins over "人" and "个百分点" over "个".
_UNIT_WORDS = (
    "个百分点 百分点 人次 家次 批次 万元 亿元 元 万人 万亩 亩 公里 千米 "
    "平方公里 平方米 万吨 吨 标准煤 千瓦 个工作日 工作日 小时 分钟 个月 家 "
    "个 项 件 次 种 所 座 条 台 套 处 户 场 期 份 篇 部 款 只 辆 "
    "名 人 位 例 宗 起 支 类 张 本 册 枚 分 倍 年 天 周 ‰ % "
)
UNITS = sorted(_UNIT_WORDS.split(), key=len, reverse=True)
TIME_UNITS = {"年", "天", "周", "小时", "分钟", "工作日", "个工作日", "个月"}
# A 万/亿 before these stays in the unit (4亿元 -> 4 亿元); before counts it multiplies.
MEASURES_KEEP_MULTIPLIER = ("元", "吨", "亩", "平方", "千瓦", "公里", "标准煤")

CN_NUM = "[〇零一二两三四五六七八九十百千万亿]+"
AR_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?[万亿]?"
NUM = f"(?:{AR_NUM}|{CN_NUM})"
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
QUANTITY = re.compile(
    rf"(?P<pct>百分之)?(?P<n1>{NUM})"
    rf"(?:\s*(?P<rsep>[-—–~至到])\s*(?P<n2>{NUM}))?"
    rf"(?P<extra>余|多)?\s*(?P<unit>{_UNIT_RE})?"
)
POST_WORD = re.compile(r"\s*(及其?以上|以上|以下|以内|左右|上下)")

# Comparator words that end right before a number, longest first.
PRE_WORDS = {
    "~": "约为 大约 约",
    ">=": "不低于 不少于 不小于 不下于 达到 达 保持在 稳定在 提高到 提高至 提升到 提升至 增加到 "
    "增加至 增长到 力争 争取 确保 新增 培育 创建 建成",
    ">": "超过 高于 大于 多于 突破",
    "<=": "不超过 不高于 不大于 不多于 低于 少于 小于 控制在 降至 降到 降低到 降低至 下降到 下降至 "
    "压减到 压减至 压缩到 压缩至 减少到 减少至",
    "=": "均为 都是 为 是",
}
_PRE_SYMBOL = {w: sym for sym, words in PRE_WORDS.items() for w in words.split()}
# Anchored at the end of a short window: the leftmost match is the longest word.
_PRE_RE = re.compile("(?:{})$".format("|".join(sorted(_PRE_SYMBOL, key=len, reverse=True))))
# "成为/认定为…" is not a statement of an exact figure.
_NOT_EQUALS_BEFORE = set("成作认评列选定称视")
# Verbs that may introduce a count written in Chinese numerals ("创建两个…").
_COUNT_VERB_WORDS = (
    "新增 新建 建成 建设 建立 创建 创成 培育 培养 发展 实施 制定 制修订 "
    "修订 推进 推动 推荐 完成 增加 设立 组织 开展 打造 引进 认定 争创 "
    "获得 扶持 培训 评选 举办 帮扶 孵化 申报 形成 达到 达 力争 争取 确保 "
    "不少于 不低于 超过 突破 投入 新培育 新认定 选择 遴选 选取 "
)
COUNT_VERBS = _COUNT_VERB_WORDS.split()
_COUNT_VERB_END = re.compile("(?:{})$".format("|".join(sorted(COUNT_VERBS, key=len, reverse=True))))
_COUNT_VERB_ANY = re.compile("|".join(COUNT_VERBS))
# Nouns after "三个" that make it structural rather than a count to reach.
_STRUCTURAL = re.compile(
    r"\s*(方面|层次|环节|阶段|步骤|部分|原则|率先|结合|统一|坚持|到位|优先|同步)"
)


@dataclass
class Quantity:
    start: int
    num_end: int  # after the (last) numeral
    end: int  # after the unit
    end_post: int  # after 以上/左右/…
    value: int | float
    unit: str | None  # as written in the original text ("%" for every percent form)
    post: str  # the folded post word, "" if none
    pre_word: str  # comparator word right before the number, "" if none
    pre_sym: str | None
    ranged: bool


def pre_comparator(folded: str, floor: int, pos: int) -> tuple[str, str | None]:
    """The comparator word ending at `pos` (spaces skipped), and its symbol."""
    while pos > floor and folded[pos - 1] == " ":
        pos -= 1
    m = _PRE_RE.search(folded, max(floor, pos - 4), pos)
    if not m:
        return "", None
    word, start = m.group(), m.start()
    sym = _PRE_SYMBOL[word]
    if sym == "=" and start > floor and folded[start - 1] in _NOT_EQUALS_BEFORE:
        return "", None
    if sym in (">", "<=") and start > floor and folded[start - 1] == "不":
        return "", None  # 不高于 and the like are listed whole; this is another 不
    return word, sym


def find_quantities(doc: Doc, start: int, end: int) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(doc.folded, start, end):
        q = _accept(doc, m, start, end)
        if q is not None:
            out.append(q)
    return out


def _accept(doc: Doc, m: re.Match, floor: int, ceil: int) -> Quantity | None:
    folded, text = doc.folded, doc.text
    n1, unit, pct = m.group("n1"), m.group("unit"), m.group("pct")
    if pct and n1 == "百":
        n1 = "一百"  # 百分之百
    is_cn = not n1[0].isdigit()
    s = m.start()
    if doc.depth[s] > 0:
        return None  # inside a name, a reference or an aside
    before = folded[s - 1] if s > 0 else ""
    if before and (before.isascii() and (before.isalnum() or before in "/._-#")):
        return None  # ISO9001, GB/T19580, 3.15
    if before == "第":
        return None
    num_end = m.end("n2") if m.group("n2") else m.end("n1")
    after = folded[num_end] if num_end < len(folded) else ""
    if after.isascii() and after.isalpha():
        return None  # 3C, 5G
    if not unit and not pct and after in "月日":
        return None  # a date (7月~8月底), not a count
    if unit == "年" and folded.startswith(("行动", "计划", "规划", "攻坚"), m.end("unit")):
        return None  # the name of a campaign (三年行动)
    if is_cn and (n1[0] in "百千万亿" or not (unit or pct)):
        return None  # 千家万户, 百龙企业, 统一: words, not counts
    end = m.end("unit") if unit else (m.end("extra") if m.group("extra") else num_end)
    if pct:
        unit = "%"
    post_m = POST_WORD.match(folded, end, ceil)
    post = post_m.group(1) if post_m else ""
    end_post = post_m.end() if post_m else end
    pre_word, pre_sym = pre_comparator(folded, floor, s)
    # A Chinese numeral counts only right after a verb or at a list boundary; inside a
    # word (机动车零部件, 统一) it is not a number.
    near_verb = (
        pre_word
        or _COUNT_VERB_END.search(folded, max(floor, s - 3), s)
        or s == floor
        or folded[s - 1] in " 、,:;共约再近计"
        # "[verb][object] N unit" closing the clause: 新增中国驰名商标两件
        or (not folded[end_post:ceil].strip() and _COUNT_VERB_ANY.search(folded, floor, s))
    )

    n1_text = n1
    if unit and unit.startswith(MEASURES_KEEP_MULTIPLIER) and n1_text[-1] in "万亿":
        unit = n1_text[-1] + unit  # 4亿元 -> value 4, unit 亿元
        n1_text = n1_text[:-1]
    value = to_number(n1_text)
    if value is None:
        return None
    if unit is None and (is_cn or not (pre_word or post)):
        return None  # a bare index ("满意度指数均达到80以上") needs a comparator beside it
    if unit in TIME_UNITS:
        if isinstance(value, int) and value >= 1900:
            return None  # a year
        tail = folded[end : end + 2]
        if tail[:1] in ("内", "来", "间", "后", "前", "起", "底", "末", "度") or tail == "时间":
            return None  # a time span, not a level to reach
        if not (pre_word or post):
            return None
    if is_cn and not pct:
        if unit is None or not (near_verb or post):
            return None
        if value == 0:
            return None
        if value == 1 and not (pre_word or post or folded[s - 2 : s] in COUNT_VERBS):
            return None  # 一次验收, 一个: wording, not a figure
    if _STRUCTURAL.match(folded, end_post):
        return None
    shown_unit = unit
    if m.group("unit") and unit not in ("%", "‰"):
        # The unit as written (traditional characters stay traditional).
        shown_unit = text[m.start("unit") : m.end("unit")]
        if n1_text != n1:
            shown_unit = text[m.end("n1") - 1] + shown_unit
    return Quantity(
        start=s,
        num_end=num_end,
        end=end,
        end_post=end_post,
        value=value,
        unit=shown_unit,
        post=post,
        pre_word=pre_word,
        pre_sym=pre_sym,
        ranged=bool(m.group("n2")),
    )
