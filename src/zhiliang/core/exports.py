"""The one writer of every spreadsheet the platform hands out.

Every xlsx export (lists, field lists, announcement tables, task tables, assessment
results, rejected import rows, templates) is written here, so that what comes out is the
same everywhere and safe to open:

* strings are always text cells, never formulas: a name such as ``=HYPERLINK(…)``,
  ``+1``, ``-1``, ``@SUM(1)`` or one starting with a tab or carriage return is stored as
  the exact text, marked "quote prefix" so that Excel and WPS keep it text when the cell
  is edited, and shown to the clerk exactly as typed (no added apostrophe);
* numbers stay numbers, dates and times are real date cells in a readable format;
* the header row is bold and frozen, carries an auto-filter, and columns get a width
  that fits their contents (from the header and the first rows);
* the workbook is written in openpyxl's write-only (streaming) mode into a temporary
  file, so memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import islice

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# What a spreadsheet may take for the start of a formula (OWASP "CSV injection").
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
FIT_SAMPLE = 200  # rows looked at to fit the column widths
MIN_WIDTH, MAX_WIDTH = 6, 60

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_ALIGN = Alignment(wrap_text=True, vertical="top")


@dataclass
class Sheet:
    """One worksheet: optional lines above the table, the header row, the rows.

    `widths` fixes the column widths (characters); without it they are fitted.
    `freeze_columns` keeps that many leading columns in view as well as the header.
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    preamble: Sequence[Sequence] = ()
    widths: Sequence[float] | None = None
    freeze_columns: int = 0
    wrap: bool = False


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


def safe_text(value: str) -> str:
    """A string for a plain-text format (CSV): a leading apostrophe defuses a formula."""
    return "'" + value if is_formula_like(value) else value


def display_width(value) -> int:
    """Roughly how many character widths a value takes (CJK characters count two)."""
    text = _text_of(value)
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest == len(text) and text.isascii():
        return longest
    lines = text.splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines
    )


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00"
    if isinstance(value, date):
        return "0000-00-00"
    return str(value)


def cell(ws, value, *, font=None, alignment=None) -> WriteOnlyCell:
    """A write-only cell for `value`: text stays text, numbers and dates keep their type."""
    number_format = None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        number_format = DATE_FORMAT
    elif isinstance(value, time):
        number_format = TIME_FORMAT
    elif value is not None and not isinstance(value, (int, float, Decimal)):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        # openpyxl takes any string starting with "=" for a formula; this one is text.
        c.data_type = "s"
        if is_formula_like(value):
            c.quotePrefix = True
    if number_format:
        c.number_format = number_format
    if font is not None:
        c.font = font
    if alignment is not None:
        c.alignment = alignment
    return c


def _is_plain(value, alignment) -> bool:
    """Whether openpyxl, given the bare value, stores it exactly as `cell` would: most
    cells of a big export are, and building a cell for each doubles the time."""
    if alignment is not None:
        return False
    kind = type(value)
    if value is None or kind in (int, float, Decimal, date):  # not bool, not datetime
        return True
    return (
        kind is str
        and not is_formula_like(value)
        and not value.startswith("#")  # openpyxl takes "#N/A" and the like for errors
        and not ILLEGAL_CHARACTERS_RE.search(value)
    )


def _fit(headers: Sequence[str], sample: list[Sequence]) -> list[float]:
    widths = [display_width(h) for h in headers]
    for row in sample:
        for i, value in enumerate(row):
            w = display_width(value)
            if i >= len(widths):
                widths.append(w)
            elif w > widths[i]:
                widths[i] = w
    return [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widths]


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet.title[:31])
    rows = iter(sheet.rows)
    sample = [list(r) for r in islice(rows, FIT_SAMPLE)]
    widths = list(sheet.widths) if sheet.widths else _fit(sheet.headers, sample)
    # Write-only sheets take their layout before the first row.
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_row = len(sheet.preamble) + 1
    if sheet.headers:
        ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{header_row + 1}"
    for n, line in enumerate(sheet.preamble):
        ws.append([cell(ws, v, font=TITLE if n == 0 else None) for v in line])
    ws.append([cell(ws, h, font=BOLD, alignment=HEADER_ALIGN) for h in sheet.headers])
    alignment = WRAP_ALIGN if sheet.wrap else None
    last = header_row
    for row in _chain(sample, rows):
        ws.append([v if _is_plain(v, alignment) else cell(ws, v, alignment=alignment)
                   for v in row])  # fmt: skip
        last += 1
    if sheet.headers:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet.headers))}{last}"


def _chain(first: list, rest):
    yield from first
    yield from rest


def xlsx_file(sheets: Sheet | Sequence[Sheet]):
    """Write the sheets into a temporary .xlsx file, rewound; the caller streams and closes it."""
    wb = Workbook(write_only=True)
    for sheet in [sheets] if isinstance(sheets, Sheet) else sheets:
        _write_sheet(wb, sheet)
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller closes it
    wb.save(tmp.name)
    tmp.seek(0)
    return tmp


def columns_xlsx(title: str, columns, queryset, decode=None):
    """A list's rows as one sheet: `columns` are (field path, header) pairs read with
    `values_list` in chunks (no model instances), `decode` turns the value of a column
    (by index) into what the office reads (a choice's label)."""
    fields = [key for key, _label in columns]
    decode = decode or {}

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=5000):
            row = list(row)
            for i, fn in decode.items():
                row[i] = fn(row[i])
            yield row

    return xlsx_file(Sheet(title, [str(label) for _key, label in columns], rows()))


def label_of(choices: dict):
    """`decode` for a coded column: its label, or the code itself when unknown."""
    return lambda value: str(choices.get(value, value or ""))
