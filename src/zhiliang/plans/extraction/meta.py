"""Title, document number, issuer and date (best effort; not scored)."""

import re

from .document import Doc, heading_level, is_chrome_line
from .normalize import fold, to_number, year_of

# A listing label ("名  称:", "发 布 机 构:"), spaces allowed between its characters.
_NEXT_LABEL = re.compile(r"\s+[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,5}\s*[::]")


def _label(*names: str) -> re.Pattern:
    spaced = "|".join(r"\s*".join(name) for name in names)
    return re.compile(rf"(?:{spaced})\s*[::]\s*")


_TITLE_LABEL = _label("信息名称", "标题", "名称", "题名", "文件名称")
_NUMBER_LABEL = _label("文件编号", "文号", "发文字号")
_ISSUER_LABEL = _label("发布机构", "发文机关", "发文单位", "所属机构")
_DATE_LABELS = [_label("成文日期", "产生日期", "生成日期", "发文日期"), _label("发布日期")]
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[【(]\s*(\d{4})\s*[〕\]】)]\s*(\d+)\s*号")
_TITLE_END = re.compile(r"(关于.+|方案|意见|计划|要点|通知|办法|规划|纲要|决定|细则)$")
_SCRAPED = re.compile(r"整理了(.{4,60}?)范文")
# The plan a notice or report encloses: 《…实施方案》.
_ENCLOSED = re.compile(
    r"《([^《》]{4,60}?(?:实施方案|工作方案|行动计划|行动方案|实施意见|工作要点|创建方案|规划))》"
)
_FILE_EXTENSION = re.compile(r"\.(docx?|pdf|html?|txt|wps)$", re.IGNORECASE)
_Y = r"\d{4}|[〇零一二三四五六七八九]{4}"
_DATE_LINE = re.compile(
    rf"\s*(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}}|十[一二]?|[一二三四五六七八九])\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日\s*$"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PAGE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _field(doc: Doc, rx: re.Pattern, limit: int = 60) -> str | None:
    for ls, le in doc.lines[:limit]:
        m = rx.search(doc.folded, ls, le)
        if not m:
            continue
        nxt = _NEXT_LABEL.search(doc.folded, m.end(), le)
        end = nxt.start() if nxt else le
        value = doc.text[m.end() : end].strip()
        if value:
            return value
    return None


def _title(doc: Doc) -> str | None:
    value = _field(doc, _TITLE_LABEL)
    if value:
        stem = value.rstrip(".…。")
        if stem != value:  # the listing cut it short: find the full line
            for ls, le in doc.lines:
                line = doc.text[ls:le].strip()
                if line.startswith(stem) and len(line) > len(stem):
                    return line
        return stem
    candidates = []
    for ls, le in doc.lines[:80]:
        line = doc.folded[ls:le].strip()
        if not line or doc.chrome[ls] or is_chrome_line(line) or not _may_be_title(line):
            continue
        candidates.append((ls, le, line))
        if 4 <= len(line) <= 60 and "。" not in line and _TITLE_END.search(line):
            return _FILE_EXTENSION.sub("", doc.text[ls:le].strip())
    m = _SCRAPED.search(doc.folded) or _ENCLOSED.search(doc.folded)
    if m:
        return doc.text[m.start(1) : m.end(1)]
    for ls, le, line in candidates:
        if len(line) <= 60 and not re.search(r"[。,;]", line):  # a title is no sentence
            return _FILE_EXTENSION.sub("", doc.text[ls:le].strip())
    return None


def _may_be_title(line: str) -> bool:
    """Not a section heading (一、指导思想), a salutation or label (…:), a bracketed
    section name (【目标任务】), an attachment mark or a navigation bar."""
    words = line.split()
    return not (
        heading_level(line) is not None
        or line.endswith(":")
        or re.match(r"[\u4e00-\u9fff ]{2,8}:", line)
        or line.startswith("【")
        or line in ("附件", "附表")
        or (len(words) >= 4 and all(len(w) <= 4 for w in words))
    )


def _doc_number(doc: Doc) -> str | None:
    value = _field(doc, _NUMBER_LABEL)
    source = value if value else doc.text
    m = _DOC_NUMBER.search(fold(source))
    while not value and m and doc.depth[m.start()] > 0:  # a document cited in the text
        m = _DOC_NUMBER.search(doc.folded, m.end())
    if m:
        prefix = source[
            m.start() : m.start() + len(re.match(r"[\u4e00-\u9fff]+", m.group()).group())
        ]
        return f"{prefix}〔{m.group(1)}〕{m.group(2)}号"
    return value


def _date(doc: Doc) -> str | None:
    for ls, le in doc.lines:
        m = _DATE_LINE.fullmatch(doc.folded, ls, le)
        if m:
            y, mo, d = year_of(m.group("y")), to_number(m.group("m")), to_number(m.group("d"))
            if y and mo and d:
                return f"{y}-{mo:02d}-{d:02d}"
    for rx in _DATE_LABELS:
        value = _field(doc, rx)
        m = _ISO_DATE.match(value or "")
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    # Else the page's generation date: a full date near the top (a news page's byline).
    for ls, le in doc.lines[:15]:
        m = _PAGE_DATE.search(doc.folded, ls, le)
        if m and not doc.depth[m.start()]:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _issuer(doc: Doc) -> str | None:
    value = _field(doc, _ISSUER_LABEL)
    if value:
        return value
    # The signature right above the signing date.
    lines = [(ls, le) for ls, le in doc.lines if doc.folded[ls:le].strip()]
    for i, (ls, le) in enumerate(lines):
        if _DATE_LINE.fullmatch(doc.folded, ls, le) and i > 0:
            ps, pe = lines[i - 1]
            sig = doc.text[ps:pe].strip()
            if len(sig) <= 30 and not re.search(r"[。,:;]", doc.folded[ps:pe]):
                return sig
            break
    return None


def extract_meta(doc: Doc) -> dict:
    return {
        "title": _title(doc),
        "doc_number": _doc_number(doc),
        "issuer": _issuer(doc),
        "date": _date(doc),
    }


def document_year(meta: dict) -> int | None:
    """The plan's own year, as its title states it ("2019年质量品牌工作…")."""
    m = re.search(rf"({_Y})\s*年", fold(meta.get("title") or ""))
    return year_of(m.group(1)) if m else None
