"""The text split into lines, sentences and clauses, with bracket and chrome masks."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from .normalize import fold

OPENERS = {"(": ")", "[": "]", "《": "》", "〔": "〕", "【": "】", "“": "”", "‘": "’", "「": "」"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_SENTENCE_SEP = re.compile(r"[。!?;\n]")
_CLAUSE_SEP = re.compile(r"[,:]")
_BRACKET = re.compile("[\n{}]".format(re.escape("".join(OPENERS) + "".join(CLOSERS) + '"')))

# Lines of web-page chrome and listing metadata: never a source of plan content.
_CHROME_ANY = re.compile(
    r"ICP备|公网安备|版权所有|copyright|©|网站标识码|本站为你|精心整理|欢迎咨询|producedby",
    re.IGNORECASE,
)
# Words that are chrome only on a short line (a long line is body text that happens to
# use them).
_CHROME_SHORT = re.compile(
    r"主办单位|承办单位|技术支持|联系我们|站点地图|网站地图|邮编|访问量|浏览次数|点击数|打印"
    r"|关闭窗口|字号|扫一扫|分享到|当前位置|您现在的位置|上一篇|下一篇|相关阅读|相关信息"
    r"|相关链接|无障碍|登录|繁体中文|英文版|文件下载|此件公开发布|返回顶部|智能问答|移动端"
)
_META_LABEL = re.compile(
    r"^(索引号|分类|发布机构|发文机关|发文日期|标题|文号|主题词|内容概述|时效|信息名称|主题分类"
    r"|文件编号|产生日期|生成日期|关键词|生效日期|废止日期|组配分类|体裁分类|名称|语种|成文日期"
    r"|发布日期|所属机构|信息来源|来源|有效性)[::]"
)


def is_chrome_line(folded_line: str) -> bool:
    squeezed = "".join(folded_line.split())
    if not squeezed:
        return False
    if _CHROME_ANY.search(squeezed) or _META_LABEL.match(squeezed):
        return True
    if len(squeezed) <= 60 and _CHROME_SHORT.search(squeezed):
        return True
    # A bullet item of a navigation menu.
    return squeezed[0] in "•·▪■>" and len(squeezed) <= 16


_LEVELS = (
    re.compile(r"\s*(第[一二三四五六七八九十]+[章节部分]|[一二三四五六七八九十]+[、.])"),
    re.compile(r"\s*\([一二三四五六七八九十]+\)"),
    re.compile(r"\s*\d+[、.](?!\d)"),
    re.compile(r"\s*\(\d+\)"),
)


def heading_level(text: str) -> int | None:
    for level, rx in enumerate(_LEVELS, 1):
        if rx.match(text):
            return level
    return None


@dataclass
class Doc:
    text: str
    folded: str = field(init=False)

    def __post_init__(self):
        self.folded = fold(self.text)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for m in re.finditer(r"\n", self.folded):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.folded)))
        return spans

    @cached_property
    def chrome(self) -> bytearray:
        """1 for every character on a chrome line."""
        mask = bytearray(len(self.folded))
        for s, e in self.lines:
            if is_chrome_line(self.folded[s:e]):
                mask[s:e] = b"\x01" * (e - s)
        return mask

    @cached_property
    def depth(self) -> bytearray:
        """Bracket/quote nesting depth per character; reset at every line end so an
        unbalanced bracket cannot swallow the rest of the document."""
        out = bytearray(len(self.folded))
        stack: list[str] = []
        last = 0
        for m in _BRACKET.finditer(self.folded):
            i, ch = m.start(), m.group()
            if stack:
                out[last:i] = bytes([min(len(stack), 255)]) * (i - last)
            if ch == "\n" and not self.soft_break(i):
                stack.clear()
            elif ch in CLOSERS and stack and stack[-1] == CLOSERS[ch]:
                stack.pop()
            elif ch == '"':
                if stack and stack[-1] == '"':
                    stack.pop()
                else:
                    stack.append('"')
            elif ch == "“" and self._quotes_a_passage(i):
                pass  # quoted goals ("…达到95%以上,…") are read as text, not as a name
            elif ch in OPENERS:
                stack.append(ch)
            out[i] = min(len(stack), 255)
            last = i + 1
        if stack:
            out[last:] = bytes([min(len(stack), 255)]) * (len(out) - last)
        return out

    def _quotes_a_passage(self, i: int) -> bool:
        close = self.folded.find("”", i, i + 2000)
        return close > 0 and any(p in self.folded[i:close] for p in ",。;")

    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans (split at depth 0 on 。!?; and line ends), chrome excluded."""
        return self._sentences

    @cached_property
    def _sentences(self) -> list[tuple[int, int]]:  # read by targets and by assignments
        return self._split(0, len(self.folded), _SENTENCE_SEP, skip_chrome=True)

    def soft_break(self, i: int) -> bool:
        """A line end that only wraps a sentence (text pasted from a laid-out page):
        a long line stopping on a hanzi, continued flush left on the next line."""
        folded = self.folded
        start = folded.rfind("\n", 0, i) + 1
        prev = folded[start:i].strip()
        end = folded.find("\n", i + 1)
        nxt = folded[i + 1 : end if end >= 0 else len(folded)]
        return (
            len(prev) >= 15
            and "\u4e00" <= prev[-1] <= "\u9fff"
            and bool(nxt)
            and ("\u4e00" <= nxt[0] <= "\u9fff" or nxt[0].isdigit())
            and heading_level(nxt) is None
            and "  " not in prev
            and not (heading_level(prev) and not re.search("[。,;]", prev))  # a heading
            and not self.chrome[i + 1]
        )

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """Clauses of a sentence: split at , and :."""
        return self._split(start, end, _CLAUSE_SEP, skip_chrome=False)

    def _split(self, start, end, rx, skip_chrome) -> list[tuple[int, int]]:
        folded, depth, chrome = self.folded, self.depth, self.chrome
        cuts = [
            (m.start(), m.end())
            for m in rx.finditer(folded, start, end)
            if (depth[m.start()] == 0 or m.group() == "\n")
            and not (m.group() == "\n" and self.soft_break(m.start()))
        ]
        out, s = [], start
        for cut_start, cut_end in [*cuts, (end, end)]:
            a, b = s, cut_start
            while a < b and folded[a].isspace():
                a += 1
            while b > a and folded[b - 1].isspace():
                b -= 1
            if a < b and not (skip_chrome and chrome[a]):
                out.append((a, b))
            s = cut_end
        return out

    def line_at(self, pos: int) -> tuple[int, int]:
        """The line holding `pos`, joined across soft breaks."""
        folded = self.folded
        nl = folded.rfind("\n", 0, pos)
        while nl >= 0 and self.soft_break(nl):
            nl = folded.rfind("\n", 0, nl)
        end = folded.find("\n", pos)
        while end >= 0 and self.soft_break(end):
            end = folded.find("\n", end + 1)
        return nl + 1, len(folded) if end < 0 else end
