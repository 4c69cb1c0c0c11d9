"""Named stages with a date range: "(一)规划筹备阶段(2018年4月至2018年5月)"."""

import re

from .document import Doc
from .normalize import to_number, year_of

# Published copies sometimes mask the year ("*年4月至*年5月").
_MASKED = r"\*{1,4}|[×Xx]{2,4}"
_Y = rf"\d{{4}}|[〇零一二三四五六七八九]{{4}}|{_MASKED}"
_M = r"\d{1,2}|十[一二]?|[一二三四五六七八九]"
_PART = r"上旬|中旬|下旬|初|底|末|中"
_RANGE = (
    rf"(?P<y1>{_Y})年(?:(?P<m1>{_M})月)?(?:{_PART})?(?:\d{{1,2}}日)?(?P<from>起|开始)?"
    rf"(?:\s*(?:至|到|—+|-|–|~)\s*"
    rf"(?:(?P<end_year_end>年底|年末)|(?:(?P<y2>{_Y})年)?(?:(?P<m2>{_M})月)?(?:{_PART})?))?"
    rf"(?:\d{{1,2}}日)?(?P<before>前|以前)?"
)
# A stage that states only months takes its year from the document (contract: "a stage
# that states no year takes it from … the document's date").
_MONTH_RANGE = (
    rf"(?P<m1>{_M})月(?:{_PART})?(?:\d{{1,2}}日)?"
    rf"\s*(?:至|到|—+|-|–|~)\s*"
    rf"(?:(?P<end_year_end>年底|年末)|(?P<m2>{_M})月(?:{_PART})?)(?:\d{{1,2}}日)?"
)
_NUMBER = (
    r"(?:第[一二三四五六七八九十]+[、.]?|[一二三四五六七八九十]+[、.]"
    r"|\([一二三四五六七八九十\d]+\)|\d+[.、])"
)
_NAME_FIRST = re.compile(
    rf"(?:{_NUMBER}\s*)?(?P<name>第[一二三四五六七八九十]+阶段|[\u4e00-\u9fff“”]{{2,14}}?阶段)"
    rf"(?:\s*[::]\s*[\u4e00-\u9fff]{{2,10}})?[\s((::]*{_RANGE}"
)
_DATE_FIRST = re.compile(rf"{_RANGE}\s*[,:]?\s*(?:为|是)?\s*(?P<name>[\u4e00-\u9fff]{{2,10}}阶段)")
_MONTHS_NAME_FIRST = re.compile(
    rf"(?P<name>第[一二三四五六七八九十]+阶段|[\u4e00-\u9fff]{{2,8}}阶段)\s*(?:为|是|[((::])\s*"
    rf"{_MONTH_RANGE}"
)
_MONTHS_DATE_FIRST = re.compile(
    rf"(?<![\d年]){_MONTH_RANGE}\s*(?:为|是)\s*(?P<name>第[一二三四五六七八九十]+阶段|"
    rf"[\u4e00-\u9fff]{{2,8}}阶段)"
)
# Inside a "工作步骤" section a numbered item with a dated heading is a stage even
# when its name lacks 阶段.
_STEPS_HEADING = re.compile(r"步骤|阶段|进度|时间安排|实施安排|方法步骤")
_STEP_ITEM = re.compile(rf"\s*{_NUMBER}\s*(?P<name>[\u4e00-\u9fff]{{2,12}})\s*[((::]\s*{_RANGE}")
_TOP_HEADING = re.compile(r"\s*(第[一二三四五六七八九十]+[章节部分]|[一二三四五六七八九十]+[、.])")


def _month(s: str | None) -> int | None:
    n = to_number(s) if s else None
    return n if isinstance(n, int) and 1 <= n <= 12 else None


def _year(text: str | None, masked_as: int | None) -> int | None:
    if text and re.fullmatch(_MASKED, text):
        return masked_as
    return year_of(text) if text else None


def _dates(m: re.Match, masked_as: int | None) -> tuple[str | None, str | None] | None:
    """(start, end) as YYYY or YYYY-MM; a masked year reads as the document's own year,
    and where that is unknown the stage is kept with no dates rather than dropped."""
    groups = m.groupdict()
    if groups.get("y1") is None:  # months only: the document's year
        if masked_as is None:
            return None
        groups["y1"] = str(masked_as)
    elif re.fullmatch(_MASKED, groups["y1"]) and masked_as is None:
        return None, None
    y1 = _year(groups["y1"], masked_as)
    if not y1:
        return None
    m1 = _month(groups.get("m1"))
    start = f"{y1}-{m1:02d}" if m1 else str(y1)
    y2 = _year(groups.get("y2"), masked_as)
    m2 = _month(groups.get("m2"))
    if groups.get("end_year_end"):
        end = f"{y1}-12"
    elif y2 or m2:
        ey = y2 or y1
        end = f"{ey}-{m2:02d}" if m2 else str(ey)
    elif groups.get("from"):
        end = None
    elif groups.get("before"):
        start, end = None, start
    else:
        end = start
    return start, end


def extract_phases(doc: Doc, year: int | None = None) -> list[dict]:
    """Stages with their months; `year` stands in for masked years (*年)."""
    out, seen = [], set()
    in_steps = False
    for ls, le in doc.lines:
        if ls < le and doc.chrome[ls]:
            continue
        line = doc.folded[ls:le]
        if _TOP_HEADING.match(line) and len(line.strip()) <= 30:
            in_steps = bool(_STEPS_HEADING.search(line))
        found = [*_NAME_FIRST.finditer(line), *_DATE_FIRST.finditer(line)]
        if not found:
            found = [*_MONTHS_NAME_FIRST.finditer(line), *_MONTHS_DATE_FIRST.finditer(line)]
            found.sort(key=lambda m: m.start())
        if not found and in_steps:
            m = _STEP_ITEM.match(line)
            found = [m] if m else []
        for m in found:
            dates = _dates(m, year)
            if not dates:
                continue
            name = doc.text[ls + m.start("name") : ls + m.end("name")]
            key = (name, dates)
            if key not in seen:
                seen.add(key)
                out.append({"name": name, "start": dates[0], "end": dates[1]})
    return out
