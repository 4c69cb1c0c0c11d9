"""Character folding and number parsing.

`fold` maps every character to exactly one character, so an index into the folded
text is also an index into the original: all matching runs on the folded text and
every output string is cut from the original.
"""

import re
from functools import lru_cache
from pathlib import Path

_DIGIT_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
_DIGIT_VALUE.update({"零": 0, "两": 2})


def _t2s_table() -> dict[int, str]:
    """Single-character traditional -> simplified pairs from OpenCC's dictionary."""
    import opencc  # opencc-python-reimplemented ships the plain-text dictionaries

    path = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        dst = dst.split(" ")[0] if dst else ""
        if len(src) == 1 and len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    return table


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = _t2s_table()
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    table.update({0x3000: " ", 0x00A0: " ", 0x25CB: "〇", 0x25EF: "〇", 0x2013: "-"})
    table.update({ord("﹐"): ",", ord("﹔"): ";", ord("﹕"): ":", ord("〜"): "~"})
    return table


def fold(text: str) -> str:
    """Half-width, simplified, one character for one character."""
    out = text.translate(_fold_table())
    assert len(out) == len(text)
    return out


def simplified_char(ch: str) -> str:
    return _fold_table().get(ord(ch), ch)


_LOOSE_SPACE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def squash(s: str) -> str:
    """Drop the line breaks and spaces a layout left between Chinese characters."""
    return _LOOSE_SPACE.sub("", s).strip()


_AR_MULT = re.compile(r"(\d+(?:\.\d+)?)([万亿]?)")


def to_number(s: str) -> int | float | None:
    """Arabic, Chinese or mixed numerals ("98", "1万", "一万", "两", "二〇二〇")."""
    s = s.replace(",", "").replace("○", "〇").strip()
    if not s:
        return None
    m = _AR_MULT.fullmatch(s)
    if m:
        value = float(m.group(1)) * {"": 1, "万": 1e4, "亿": 1e8}[m.group(2)]
    elif all(ch in _DIGIT_VALUE for ch in s) and len(s) > 1:
        # A digit-by-digit reading (years such as 二〇一二) has no 十/百 in it.
        value = float("".join(str(_DIGIT_VALUE[ch]) for ch in s))
    else:
        import cn2an  # imported on first use: it is slow to import and often not needed

        try:
            value = float(cn2an.cn2an(s.replace("〇", "零"), "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    return int(value) if value == int(value) else round(value, 6)


def year_of(s: str) -> int | None:
    """A four-digit year written in Arabic or Chinese digits, else None."""
    n = to_number(s)
    return n if isinstance(n, int) and 1900 <= n <= 2100 else None


_PLAN_PERIOD = re.compile(r"十([一二三四五六七八九])五")


def five_year_plan_end(s: str) -> int | None:
    """The closing year of "十二五" style plan periods (十一五 -> 2010)."""
    m = _PLAN_PERIOD.search(s)
    if not m:
        return None
    return 1955 + 5 * (10 + _DIGIT_VALUE[m.group(1)])
