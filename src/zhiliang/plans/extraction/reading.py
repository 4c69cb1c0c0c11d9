"""Loading .txt / .docx / .html / .pdf files into plain text."""

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from .document import is_chrome_line
from .normalize import fold, simplified_char

MAX_BYTES = 10 * 1024 * 1024
TEXT_TYPES = {".txt", ".text"}
HTML_TYPES = {".html", ".htm", ".xhtml", ".shtml"}
SUPPORTED = TEXT_TYPES | HTML_TYPES | {".docx", ".pdf"}


class ExtractionError(Exception):
    """A file that cannot be turned into text; the message is one line for the user."""


class MissingFile(ExtractionError):
    pass


class UnsupportedType(ExtractionError):
    pass


class TooLarge(ExtractionError):
    pass


class EmptyDocument(ExtractionError):
    pass


class GarbledDocument(ExtractionError):
    pass


def read_file(path: str | Path) -> str:
    p = Path(path)
    if not p.is_file():
        raise MissingFile(f"no such file: {p}")
    ext = p.suffix.lower()
    if ext not in SUPPORTED:
        kinds = ", ".join(sorted(SUPPORTED))
        raise UnsupportedType(f"unsupported file type {ext or '(none)'!r}; expected one of {kinds}")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise TooLarge(f"file is {size / 1048576:.1f} MB, over the 10 MB limit: {p}")
    if size == 0:
        raise EmptyDocument(f"file is empty: {p}")
    if ext in TEXT_TYPES:
        text = decode_bytes(p.read_bytes())
    elif ext in HTML_TYPES:
        text = html_to_text(_decode_html(p.read_bytes()))
    elif ext == ".docx":
        text = _docx_text(p)
    else:
        text = _pdf_text(p)
    if not text.strip():
        raise EmptyDocument(f"no text found in {p}")
    check_garbled(text)
    return text


# --- encodings ---------------------------------------------------------------------


def commonness(text: str) -> float:
    """Share of CJK characters that are among the ~3,700 most used ones (GB2312 level 1,
    after folding to simplified). A wrong GBK/BIG5 guess scores far lower than text
    decoded right, in either script."""
    total = common = 0
    for ch in text[:20000]:
        if "\u4e00" <= ch <= "\u9fff":
            total += 1
            try:
                lead = simplified_char(ch).encode("gb2312")[0]
            except UnicodeEncodeError:
                continue
            common += 0xB0 <= lead <= 0xD7
    return common / total if total else 1.0


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) / UTF-16 with BOM / GB18030 (GBK, GB2312) / BIG5."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5", "big5hkscs"):
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise GarbledDocument("cannot decode the file as UTF-8, GB18030/GBK or BIG5")
    return max(candidates, key=commonness)


def _plausible(ch: str) -> bool:
    """Characters a Chinese policy text is made of: hanzi, ASCII, CJK punctuation."""
    return (
        ch.isascii()
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2000" <= ch <= "\u206f"
        or ch in "·•○〇《》"
    )


def check_garbled(text: str) -> None:
    sample = text[:50000]
    visible = [ch for ch in sample if not ch.isspace()]
    if not visible:
        return
    n = len(visible)
    control = sum(1 for ch in visible if unicodedata.category(ch) in ("Cc", "Co", "Cs"))
    replaced = sample.count("\ufffd") + sample.count("(cid:")
    latin_ext = sum(1 for ch in visible if "\u0080" <= ch <= "\u02ff")
    cjk = sum(1 for ch in visible if "\u4e00" <= ch <= "\u9fff")
    if control > 0.01 * n or replaced > max(3, 0.01 * n):
        raise GarbledDocument("the text is garbled (control or replacement characters)")
    if latin_ext > max(20, 0.2 * n) and latin_ext > cjk:
        raise GarbledDocument("the text is garbled (mis-decoded characters, mojibake)")
    if n >= 50 and sum(map(_plausible, visible)) < 0.6 * n:
        raise GarbledDocument("the text is garbled (characters of no expected script)")
    if cjk >= 20 and commonness(sample) < 0.5:
        raise GarbledDocument("the text is garbled (improbable Chinese characters)")


# --- HTML ----------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "footer", "aside", "iframe"}
_SKIP_TAGS |= {"form", "button", "select", "svg", "head", "object", "embed"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "table", "section", "article", "ul", "ol", "dd"}
_BLOCK_TAGS |= {"dt", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "center"}
_CHROME_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|sidebar|copyright|share"
    r"|toolbar|topbar|login|banner|bottom|skip|print)(?:[\s_-]|$)",
    re.IGNORECASE,
)
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "source", "wbr"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.content_depth = 0  # inside <article>/<main>, a <header> holds the title

    def handle_starttag(self, tag, attrs):
        if self.skip_tag:
            self.skip_depth += tag == self.skip_tag
            return
        attr_text = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag in ("article", "main"):
            self.content_depth += 1
        chrome = tag in _SKIP_TAGS or (tag == "header" and not self.content_depth)
        if tag not in _VOID and (chrome or _CHROME_ATTR.search(attr_text)):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("  ")

    def handle_endtag(self, tag):
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in ("article", "main"):
            self.content_depth = max(0, self.content_depth - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_tag:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = line.strip()
        if line and not is_chrome_line(fold(line)):
            lines.append(line)
    return "\n".join(lines)


def _decode_html(data: bytes) -> str:
    m = re.search(rb"""charset\s*=\s*["']?([\w-]+)""", data[:4096], re.IGNORECASE)
    if m:
        name = m.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


# --- DOCX and PDF ------------------------------------------------------------------


def _zip_check(path: Path) -> None:
    """A .docx is a ZIP: its unpacked size is checked before python-docx parses it."""
    import zipfile

    from zhiliang.core import uploads

    try:
        uploads.zip_check(path)
    except uploads.UploadLimit as e:
        raise TooLarge(e.message) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
        raise GarbledDocument(f"not a readable .docx file ({e.__class__.__name__}): {path}") from e


def _docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _zip_check(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises zip, XML and package errors alike
        raise GarbledDocument(f"not a readable .docx file ({e.__class__.__name__}): {path}") from e
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat; keep each once
                    if not cells or cells[-1] != cell.text:
                        cells.append(cell.text)
                lines.append("  ".join(cells))
    return "\n".join(lines)


_LINE_END = "。:;!?)”』」"
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_PAGE_NUMBER = re.compile(r"[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(\s*共\s*\d+\s*页)?")
_ITEM_START = re.compile(
    r"\s*([一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、]|第.{1,3}[章条])"
)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _pdf_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    try:
        raw = extract_text(str(path))
    except Exception as e:  # pdfminer raises many unrelated types for a damaged file
        raise GarbledDocument(f"cannot read the PDF ({e.__class__.__name__}): {path}") from e
    lines = []
    for line in raw.replace("\x0c", "\n").split("\n"):
        line = _CJK_GAP.sub("", line.strip())
        if line and not _PAGE_NUMBER.fullmatch(line):
            lines.append(line)
    # Re-join lines the page layout broke: a line as wide as the text block that does
    # not end a sentence runs on (pdfminer may put a blank line between them).
    widths = sorted(_width(line) for line in lines)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            prev
            and prev[-1] not in _LINE_END
            and _width(prev) >= 0.75 * full
            and not _ITEM_START.match(line)
        ):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)
