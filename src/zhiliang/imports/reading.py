"""Reading uploaded spreadsheets: type by content, header row, merged cells, rows.

Every problem with the file as a whole raises FileProblem with a message for the
clerk; nothing about the file is trusted from its name.
"""

import csv
import io
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils.translation import gettext as _

from zhiliang.core import textcodec, uploads

SNIFF_BYTES = 8192


class FileProblem(Exception):
    @property
    def message(self) -> str:
        return str(self.args[0])


class _Counter:
    """Rows, columns and cell lengths checked against the limits while rows stream by."""

    def __init__(self):
        self.limits = uploads.limits()

    def check(self, number: int, cells: list[str]) -> list[str]:
        try:
            uploads.rows_check(number, self.limits)
            uploads.columns_check(len(cells), self.limits)
            uploads.cells_check(number, cells, self.limits)
        except uploads.UploadLimit as exc:
            raise FileProblem(exc.message) from None
        return cells


def check_xlsx(path: Path) -> None:
    """Before anything parses a workbook: its unpacked size, parts and declared dimension."""
    try:
        uploads.zip_check(path)
        uploads.sheet_check(path)
    except uploads.UploadLimit as exc:
        raise FileProblem(exc.message) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise FileProblem(_("The file looks like an Excel workbook but is damaged.")) from None


def sniff(path: Path) -> str:
    """'xlsx' or 'csv', judged from the bytes; FileProblem otherwise."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise FileProblem(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            raise FileProblem(_("The file looks like an Excel workbook but is damaged.")) from None
        if "xl/workbook.xml" not in names:
            raise FileProblem(
                _("This is a ZIP-based file (Word, or an archive?), not an Excel .xlsx workbook.")
            )
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "This is the old Excel 97-2003 (.xls) format. Open it in Excel or WPS and "
                "save it as .xlsx, then upload again."
            )
        )
    if head.startswith(b"%PDF"):
        raise FileProblem(_("This is a PDF document, not a spreadsheet. Upload .xlsx or .csv."))
    try:
        # The 8 KiB sample may end inside a character.
        textcodec.detect(head, partial=len(head) == SNIFF_BYTES)
    except textcodec.UnknownEncoding as exc:
        if b"\x00" in head:
            raise FileProblem(
                _("This is not a spreadsheet or a CSV text file. Upload .xlsx or .csv.")
            ) from None
        raise FileProblem(exc.message) from None
    return "csv"


def _cell_text(value) -> str:
    if type(value) is str:  # most cells: skip the type tests below (1.2 M cells per 100,000 rows)
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, timedelta):  # calamine's reading of a bare time or duration
        return str(value)
    return str(value).strip()


def _rows_csv(path: Path):
    try:
        text = textcodec.decode(path.read_bytes())
    except textcodec.UnknownEncoding as exc:
        raise FileProblem(exc.message) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    counter = _Counter()
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            # (text cells, most of them, without a call each: 1.2 M cells per 100,000 rows)
            cells = [v.strip() if type(v) is str else _cell_text(v) for v in row]
            yield counter.check(number, cells)
    except csv.Error as exc:
        raise FileProblem(_("The CSV file is malformed: %(e)s") % {"e": exc}) from None


def _open_xlsx(path: Path):
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception as exc:  # calamine raises several kinds for a damaged workbook
        raise FileProblem(
            _("The workbook is damaged and cannot be read (%(e)s).") % {"e": type(exc).__name__}
        ) from None
    try:  # the sheet's real extent, whatever its dimension element said
        uploads.rows_check(sheet.height)
        uploads.columns_check(sheet.width)
    except uploads.UploadLimit as exc:
        raise FileProblem(exc.message) from None
    return sheet


def merged_ranges(sheet) -> list[tuple[str, int, int]]:
    """Merged cell ranges as (A1:B1 reference, first row, last row), rows counted from 1."""
    from openpyxl.utils import get_column_letter

    out = []
    for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []:
        ref = f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}"
        out.append((ref, r1 + 1, r2 + 1))
    return out


def _rows_xlsx(sheet):
    # python-calamine reads ten times faster than openpyxl; rows count from the sheet's top.
    counter = _Counter()
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            # (text cells, most of them, without a call each: 1.2 M cells per 100,000 rows)
            cells = [v.strip() if type(v) is str else _cell_text(v) for v in row]
            yield counter.check(number, cells)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(
            _("The workbook is damaged and cannot be read (%(e)s).") % {"e": type(exc).__name__}
        ) from None


def read_table(path: Path, file_format: str):
    """(header row number, headers, iterator of (row number, cells)) for the first sheet.

    A workbook is checked against the upload limits before it is parsed."""
    if file_format == "xlsx":
        check_xlsx(path)
    # One parse of the sheet serves the rows and the merged-cell check (a second open would
    # parse the whole sheet again: 1–2 s for 100,000 rows).
    sheet = _open_xlsx(path) if file_format == "xlsx" else None
    rows = _rows_xlsx(sheet) if sheet is not None else _rows_csv(path)
    number = 0
    for number, cells in enumerate(rows, start=1):  # noqa: B007
        if any(cells):
            break
    else:
        raise FileProblem(_("The file has no rows."))
    headers = _trim(cells)
    if sheet is not None:
        merged = [ref for ref, r1, r2 in merged_ranges(sheet) if r1 <= number <= r2]
        if merged:
            raise FileProblem(
                _(
                    "The header row (row %(n)d) has merged cells (%(refs)s). Unmerge them so "
                    "that every column has its own title, put the titles in the first row, "
                    "and upload again."
                )
                % {"n": number, "refs": ", ".join(merged[:5])}
            )
    if not any(headers):
        raise FileProblem(_("The header row is empty."))
    blank = [i + 1 for i, h in enumerate(headers) if not h]
    if blank:
        raise FileProblem(
            _("Columns %(cols)s of the header row have no title.")
            % {"cols": ", ".join(str(c) for c in blank[:10])}
        )
    width = len(headers)
    data = ((n, (c + [""] * width)[:width]) for n, c in enumerate(rows, start=number + 1) if any(c))
    return number, headers, data


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]
