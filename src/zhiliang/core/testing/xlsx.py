"""Spreadsheets for the importer tests, and running them through the staged importer."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx(headers, rows, *, title=None, merge=None) -> bytes:
    """An .xlsx file: an optional title line, the header line, then the rows."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(user, kind, content: bytes, name="list.xlsx"):
    from zhiliang.imports import services

    return services.import_upload(
        actor=user, kind=kind, uploaded=SimpleUploadedFile(name, content), filename=name
    )


def validate(user, kind, content: bytes, name="list.xlsx"):
    """The batch uploaded and validated (staged, not committed)."""
    from zhiliang.imports import services

    return services.import_validate(actor=user, batch=upload(user, kind, content, name))


def reasons(batch) -> dict[int, str]:
    """Rejected rows: line number → their reasons in one text."""
    return {r.number: " ".join(r.errors) for r in batch.rows.filter(is_valid=False)}
