from openpyxl.styles import Font

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.imports.models import ImportBatch


def import_batches(*, user):
    return ImportBatch.objects.visible_to(user).select_related("created_by")


def import_batch_get(*, user, pk) -> ImportBatch:
    return import_batches(user=user).get(pk=pk)


def import_rows(*, batch: ImportBatch, rejected_only: bool = False):
    rows = batch.rows.all()
    return rows.filter(is_valid=False) if rejected_only else rows


def import_rejected_xlsx(*, batch: ImportBatch, reason_header: str):
    """A workbook of the rejected rows as uploaded, with a column of reasons; a temp file."""
    header = [*batch.headers, reason_header, "#"]
    rows = (
        [*row.values, "；".join(row.errors), row.number]
        for row in batch.rows.filter(is_valid=False).iterator(chunk_size=2000)
    )
    return xlsx_file(Sheet("Sheet", header, rows))


def bold(cells):
    for cell in cells:
        cell.font = Font(bold=True)
    return cells
