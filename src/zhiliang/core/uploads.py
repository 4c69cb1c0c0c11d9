"""Limits on uploaded ZIP-based files (.xlsx, .docx), checked before anything parses them.

A small file may unpack to gigabytes (a "zip bomb"): a 12 MB workbook that unpacks to
1.1 GB took a web process to 2.4 GB. `zip_check` looks at the archive's central directory
(declared sizes and compression ratios), then inflates each part in small chunks, counting,
without keeping anything, so that a part that lies about its size is caught as well.
`sheet_dimension` reads a worksheet's declared size from the first bytes of its XML.

Every refusal names the limit that was broken and the limit itself; the limits are
settings (ZHILIANG_UPLOAD_MAX_* and ZHILIANG_IMPORT_MAX_* in settings.py).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

MB = 1024 * 1024
CHUNK = 1024 * 1024
RATIO_FLOOR = 1 * MB  # small parts (styles, a few rows) may compress far; only big ones count
# The defaults of the settings, for `zhiliang plan extract`, which runs without Django set up.
DEFAULTS = {
    "unpacked": ("ZHILIANG_UPLOAD_MAX_UNPACKED_BYTES", 200 * MB),
    "member": ("ZHILIANG_UPLOAD_MAX_MEMBER_BYTES", 150 * MB),
    "ratio": ("ZHILIANG_UPLOAD_MAX_RATIO", 100),
    "members": ("ZHILIANG_UPLOAD_MAX_MEMBERS", 10000),
    "rows": ("ZHILIANG_IMPORT_MAX_ROWS", 300_000),
    "columns": ("ZHILIANG_IMPORT_MAX_COLUMNS", 200),
    "cell_chars": ("ZHILIANG_IMPORT_MAX_CELL_CHARS", 10_000),
}


def _(message: str) -> str:
    return gettext(message) if settings.configured else message


class UploadLimit(Exception):
    """An uploaded file broke a limit; the message says which, for the person uploading."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Limits:
    unpacked: int
    member: int
    ratio: int
    members: int
    rows: int
    columns: int
    cell_chars: int


def limits() -> Limits:
    configured = settings.configured
    return Limits(
        **{
            key: getattr(settings, name, default) if configured else default
            for key, (name, default) in DEFAULTS.items()
        }
    )


def _too_big(limit: int) -> UploadLimit:
    return UploadLimit(_("The file unpacks to more than %(limit)d MB.") % {"limit": limit // MB})


def _part_too_big(limit: int) -> UploadLimit:
    return UploadLimit(
        _("A part of the file unpacks to more than %(limit)d MB.") % {"limit": limit // MB}
    )


def zip_check(file) -> None:
    """Refuse (UploadLimit) a ZIP whose parts unpack too far; `file` is a path or a binary
    file object (rewound afterwards). A damaged archive raises zipfile.BadZipFile."""
    lim = limits()
    with zipfile.ZipFile(file) as zf:
        infos = zf.infolist()
        if len(infos) > lim.members:
            raise UploadLimit(_("The file has more than %(limit)d parts.") % {"limit": lim.members})
        # What the archive says about itself: nothing is unpacked yet.
        if sum(i.file_size for i in infos) > lim.unpacked:
            raise _too_big(lim.unpacked)
        for info in infos:
            if info.file_size > lim.member:
                raise _part_too_big(lim.member)
            if info.file_size > RATIO_FLOOR and info.file_size > lim.ratio * max(
                info.compress_size, 1
            ):
                raise UploadLimit(
                    _(
                        "The file is compressed more than %(limit)d times over; a real "
                        "workbook or document never is."
                    )
                    % {"limit": lim.ratio}
                )
        # What it really unpacks to, in chunks that are counted and dropped.
        total = 0
        for info in infos:
            size = 0
            with zf.open(info) as part:
                while chunk := part.read(CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > lim.member:
                        raise _part_too_big(lim.member)
                    if total > lim.unpacked:
                        raise _too_big(lim.unpacked)
    if hasattr(file, "seek"):
        file.seek(0)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FIRST_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br(?:elationships)?:id="([^"]+)"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def first_sheet_part(zf: zipfile.ZipFile) -> str | None:
    """The archive path of a workbook's first worksheet, from workbook.xml and its rels."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    m = _FIRST_SHEET.search(workbook)
    if m is None:
        return None
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        if re.search(rb'\bId="' + re.escape(m.group(1)) + rb'"', tag):
            target = re.search(rb'\bTarget="([^"]+)"', tag)
            if target is None:
                return None
            path = target.group(1).decode()
            return path.lstrip("/") if path.startswith("/") else posixpath.join("xl", path)
    return None


def sheet_check(path) -> None:
    """Refuse a workbook whose first sheet declares more rows or columns than allowed."""
    lim = limits()
    with zipfile.ZipFile(path) as zf:
        part = first_sheet_part(zf)
        if part is None or part not in zf.namelist():
            return
        with zf.open(part) as fh:
            head = fh.read(64 * 1024)  # the dimension comes before the rows
    m = _DIMENSION.search(head)
    if m is None:
        return
    last_col, last_row = (m.group(3), m.group(4)) if m.group(3) else (m.group(1), m.group(2))
    rows_check(int(last_row), lim)
    columns_check(_column_number(last_col), lim)


def rows_check(rows: int, lim: Limits | None = None) -> None:
    lim = lim or limits()
    if rows > lim.rows:
        raise UploadLimit(
            _("The sheet has more than %(limit)s rows; split it and upload the parts.")
            % {"limit": f"{lim.rows:,}"}
        )


def columns_check(columns: int, lim: Limits | None = None) -> None:
    lim = lim or limits()
    if columns > lim.columns:
        raise UploadLimit(_("The sheet has more than %(limit)d columns.") % {"limit": lim.columns})


def cells_check(row_number: int, cells, lim: Limits | None = None) -> None:
    lim = lim or limits()
    if not cells or max(map(len, cells)) <= lim.cell_chars:
        return  # every row of an import passes here: one test in C, not a loop
    for i, text in enumerate(cells, start=1):
        if len(text) > lim.cell_chars:
            raise UploadLimit(
                _("Row %(row)d, column %(col)d holds more than %(limit)s characters.")
                % {"row": row_number, "col": i, "limit": f"{lim.cell_chars:,}"}
            )
