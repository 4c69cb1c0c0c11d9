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


def rows_like(template, key_at=0):
    """`r(key, c3="x")`: a copy of the good row `template` with `key` in column `key_at`
    (the line's name in the assertions) and column 3 set to "x" — one wrong cell a line."""

    def r(key, **cells):
        row = list(template)
        row[key_at] = key
        for name, value in cells.items():
            row[int(name[1:])] = value
        return row

    return r


def upload(user, kind, content: bytes, name="list.xlsx"):
    from zhiliang.imports import services

    return services.import_upload(
        actor=user, kind=kind, uploaded=SimpleUploadedFile(name, content), filename=name
    )


def validate(user, kind, content: bytes, name="list.xlsx"):
    """The batch uploaded and validated (staged, not committed)."""
    from zhiliang.imports import services

    return services.import_validate(actor=user, batch=upload(user, kind, content, name))


def example_batch(user, spec):
    """The importer's template example row for `user` (`spec.example`), uploaded and
    checked: a district's own example must import as the city's does."""
    example = spec.example(user)
    names = [f.name for f in spec.fields]
    return validate(user, spec.kind, xlsx(names, [[str(example.get(n, "")) for n in names]]))


def reasons(batch) -> dict[int, str]:
    """Rejected rows: line number → their reasons in one text."""
    return {r.number: " ".join(r.errors) for r in batch.rows.filter(is_valid=False)}
