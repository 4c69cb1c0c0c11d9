"""Reading uploaded spreadsheets: type by content, header row, merged cells, rows.

Every problem with the file as a whole raises FileProblem with a message for the
clerk; nothing about the file is trusted from its name.
"""

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from django.utils.translation import gettext as _

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


class FileProblem(Exception):
    @property
    def message(self) -> str:
        return str(self.args[0])


def sniff(path: Path) -> str:
    """'xlsx' or 'csv', judged from the bytes; FileProblem otherwise."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
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
    if b"\x00" in head:
        raise FileProblem(_("This is not a spreadsheet or a CSV text file. Upload .xlsx or .csv."))
    for encoding in CSV_ENCODINGS:
        try:
            head.decode(encoding)
            return "csv"
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the 8 KiB sample is not a real error.
            if exc.start >= len(head) - 4:
                return "csv"
    raise FileProblem(_("The text file is neither UTF-8 nor GBK/GB18030 encoded."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_csv(path: Path):
    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(_("The text file is neither UTF-8 nor GBK/GB18030 encoded."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [_cell_text(v) for v in row]
    except csv.Error as exc:
        raise FileProblem(_("The CSV file is malformed: %(e)s") % {"e": exc}) from None


def _open_xlsx(path: Path):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return wb, wb.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileProblem(
            _("The workbook is damaged and cannot be read (%(e)s).") % {"e": type(exc).__name__}
        ) from None


def merged_ranges(ws) -> list[tuple[str, int, int]]:
    """Merged cell ranges of a read-only sheet as (ref, first row, last row).

    Read-only sheets do not parse <mergeCells>; the XML is scanned as bytes instead
    of loading the whole workbook into memory.
    """
    found, tail = [], b""
    with ws._get_source() as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            for m in _MERGE.finditer(data):
                c1, r1, c2, r2 = m.groups()
                ref = f"{c1.decode()}{r1.decode()}" + (f":{c2.decode()}{r2.decode()}" if c2 else "")
                found.append((ref, int(r1), int(r2 or r1)))
            tail = data[-200:]
    return list(dict.fromkeys(found))


def _rows_xlsx(path: Path):
    wb, ws = _open_xlsx(path)
    try:
        for row in ws.iter_rows(values_only=True):
            yield [_cell_text(v) for v in row]
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(
            _("The workbook is damaged and cannot be read (%(e)s).") % {"e": type(exc).__name__}
        ) from None
    finally:
        wb.close()


def read_table(path: Path, file_format: str):
    """(header row number, headers, iterator of (row number, cells)) for the first sheet."""
    rows = _rows_xlsx(path) if file_format == "xlsx" else _rows_csv(path)
    number = 0
    for number, cells in enumerate(rows, start=1):  # noqa: B007
        if any(cells):
            break
    else:
        raise FileProblem(_("The file has no rows."))
    headers = _trim(cells)
    if file_format == "xlsx":
        wb, ws = _open_xlsx(path)
        try:
            merged = [ref for ref, r1, r2 in merged_ranges(ws) if r1 <= number <= r2]
        finally:
            wb.close()
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
