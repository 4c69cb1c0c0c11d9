import tempfile

from openpyxl import Workbook
from openpyxl.styles import Font

from zhiliang.imports.models import ImportBatch


def import_batches(*, user):
    return ImportBatch.objects.visible_to(user).select_related("created_by")


def import_rows(*, batch: ImportBatch, rejected_only: bool = False):
    rows = batch.rows.all()
    return rows.filter(is_valid=False) if rejected_only else rows


def import_rejected_xlsx(*, batch: ImportBatch, reason_header: str):
    """A workbook of the rejected rows as uploaded, with a column of reasons; a temp file."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    header = [*batch.headers, reason_header, "#"]
    ws.append(header)
    for row in batch.rows.filter(is_valid=False).iterator(chunk_size=2000):
        ws.append([*row.values, "；".join(row.errors), row.number])
    # The caller streams it and closes it.
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    wb.save(tmp.name)
    tmp.seek(0)
    return tmp


def bold(cells):
    for cell in cells:
        cell.font = Font(bold=True)
    return cells
