"""The staged importer: upload → map columns → check every row → commit in one transaction.

Rows are checked by the registry's own API serializer. A commit inserts every valid
row or none; rejected rows stay downloadable with their reasons.
"""

import logging
import tempfile
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core import crypto
from zhiliang.core.failures import failure_message
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch, ImportRow
from zhiliang.imports.reading import FileProblem, read_table, sniff
from zhiliang.imports.registry import get_spec, guess_mapping, missing_required

ROW_BATCH = 2000
MIB = 1024 * 1024
logger = logging.getLogger(__name__)


def _check_rights(actor, spec) -> None:
    if actor is None or not actor.has_perm(spec.permission) or actor.jurisdiction is None:
        raise PermissionDenied(_("You may not import %(what)s.") % {"what": spec.label})


def import_upload(*, actor, kind: str, uploaded, filename: str) -> ImportBatch:
    """Store the file after checking its type, size and header row; guess the mapping."""
    spec = get_spec(kind)
    _check_rights(actor, spec)
    size = getattr(uploaded, "size", None)
    limit = settings.ZHILIANG_IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise FileProblem(
            _(
                "The file is %(size).1f MiB; the limit is %(limit).0f MiB. "
                "Split it and upload the parts."
            )
            % {"size": size / MIB, "limit": limit / MIB}
        )
    # openpyxl insists on the .xlsx ending; the content decides the format, not the name.
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
            tmp.write(chunk)
        tmp.flush()
        path = Path(tmp.name)
        if path.stat().st_size > limit:
            raise FileProblem(
                _("The file is larger than the limit of %(limit).0f MiB.") % {"limit": limit / MIB}
            )
        file_format = sniff(path)
        header_row, headers, rows = read_table(path, file_format)
        if next(rows, None) is None:
            raise FileProblem(_("The file has a header row but no data rows."))
        batch = ImportBatch(
            kind=kind,
            created_by=actor,
            region=actor.jurisdiction,
            original_name=Path(filename).name[:255],
            file_format=file_format,
            headers=headers,
            header_row=header_row,
            mapping=guess_mapping(spec, headers),
        )
        tmp.seek(0)
        if spec.sensitive:
            content = ContentFile(crypto.encrypt_bytes(tmp.read()))
            batch.file.save(f"{batch.id}.{file_format}.enc", content, save=False)
        else:
            batch.file.save(f"{batch.id}.{file_format}", File(tmp), save=False)
    batch.save()
    return batch


@contextmanager
def _file_path(batch: ImportBatch):
    """A path to the uploaded file as it came: decrypted into a temporary file if need be."""
    if not batch.file.name.endswith(".enc"):
        yield Path(batch.file.path)
        return
    with batch.file.open("rb") as f, tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        tmp.write(crypto.decrypt_bytes(f.read()))
        tmp.flush()
        yield Path(tmp.name)


def import_set_mapping(*, actor, batch: ImportBatch, mapping: list[str]) -> ImportBatch:
    spec = get_spec(batch.kind)
    _own(actor, batch)
    if batch.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATED):
        raise ValidationError(_("This import can no longer be changed."))
    known = {f.name for f in spec.fields}
    if len(mapping) != len(batch.headers) or any(m and m not in known for m in mapping):
        raise ValidationError(_("The column mapping does not fit the file."))
    used = [m for m in mapping if m]
    doubles = sorted({m for m in used if used.count(m) > 1})
    if doubles:
        raise ValidationError(
            _("Each field may come from one column only: %(f)s")
            % {"f": ", ".join(str(spec.field(d).label) for d in doubles)}
        )
    missing = missing_required(spec, mapping)
    if missing:
        raise ValidationError(
            _("Required columns are missing: %(f)s")
            % {"f": ", ".join(str(f.label) for f in missing)}
        )
    batch.mapping = mapping
    batch.status = ImportStatus.UPLOADED
    batch.save(update_fields=["mapping", "status", "updated_at"])
    return batch


def _own(actor, batch: ImportBatch) -> None:
    if not ImportBatch.objects.visible_to(actor).filter(pk=batch.pk).exists():
        raise PermissionDenied
    _check_rights(actor, get_spec(batch.kind))


def _record(batch: ImportBatch, parsers: dict, cells: list[str]) -> dict:
    record = {}
    for i, name in enumerate(batch.mapping):
        if name and cells[i] != "":
            parse = parsers.get(name)
            record[name] = parse(cells[i]) if parse else cells[i]
    return record


def _errors(detail) -> list[str]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            prefix = "" if key in ("non_field_errors", "detail") else f"{key}: "
            out += [prefix + e for e in _errors(value)]
        return out
    if isinstance(detail, list):
        return [e for item in detail for e in _errors(item)]
    return [str(detail)]


def _check_rows(batch: ImportBatch, spec, actor, rows: list[tuple[int, list[str]]]):
    """[(number, cells, validated data or None, errors)] for every row, in file order."""
    parsers = {f.name: f.parse for f in spec.fields if f.parse}
    records = [_record(batch, parsers, cells) for _, cells in rows]
    context = spec.build_context(actor, records)
    serializer = spec.serializer_class(context=context)
    labels = {f.name: str(f.label) for f in spec.fields}
    results = []
    for (number, cells), record in zip(rows, records, strict=True):
        try:
            data, errors = serializer.run_validation(record), []
        except serializers.ValidationError as exc:
            data, errors = None, _errors(_labelled(exc.detail, labels))
        results.append([number, cells, data, errors])
    if spec.checks_repeats:
        _mark_duplicates(spec, results, records)
    return results


def _labelled(detail, labels):
    if isinstance(detail, dict):
        return {labels.get(k, k): v for k, v in detail.items()}
    return detail


def _mark_duplicates(spec, results, records) -> None:
    """A key repeated in one file: the first row keeps it, each later one is rejected
    naming the row it repeats (the clerk deletes or corrects the copy)."""
    first: dict = {}
    for result, record in zip(results, records, strict=True):
        key = spec.repeat_key(record)
        if not key:
            continue
        if key not in first:
            first[key] = result[0]
            continue
        result[2] = None
        result[3].append(
            _("%(f)s %(v)s repeats row %(row)s of this file; only the first is imported.")
            % {"f": spec.repeat_label(), "v": key, "row": first[key]}
        )


def import_validate_start(*, actor, batch: ImportBatch) -> ImportBatch:
    """Mark the batch as being checked before the job runs, so pages show it busy."""
    spec = get_spec(batch.kind)
    _own(actor, batch)
    missing = missing_required(spec, batch.mapping)
    if missing:
        raise ValidationError(
            _("Required columns are missing: %(f)s")
            % {"f": ", ".join(str(f.label) for f in missing)}
        )
    updated = ImportBatch.objects.filter(
        pk=batch.pk, status__in=[ImportStatus.UPLOADED, ImportStatus.VALIDATED]
    ).update(status=ImportStatus.VALIDATING, progress=0)
    if not updated:
        raise ValidationError(_("This import can no longer be changed."))
    batch.status = ImportStatus.VALIDATING
    return batch


def import_validate(*, actor, batch: ImportBatch) -> ImportBatch:
    """Check every row and store the verdicts; nothing is written to the registry."""
    spec = get_spec(batch.kind)
    if batch.status != ImportStatus.VALIDATING:
        import_validate_start(actor=actor, batch=batch)
    _own(actor, batch)
    try:
        with _file_path(batch) as path:
            _h, _headers, rows = read_table(path, batch.file_format)
            rows = list(rows)
        results = _check_rows(batch, spec, actor, rows)
    except FileProblem as exc:
        return _fail(batch, exc.message)
    maskers = {i: spec.sensitive[n] for i, n in enumerate(batch.mapping) if n in spec.sensitive}
    with transaction.atomic():
        batch.rows.all().delete()
        for start in range(0, len(results), ROW_BATCH):
            ImportRow.objects.bulk_create(
                ImportRow(
                    batch=batch,
                    number=n,
                    values=_masked(cells, maskers),
                    errors=errors,
                    is_valid=not errors,
                    cleaned=None if errors else _sealed(spec, _jsonable(data)),
                )
                for n, cells, data, errors in results[start : start + ROW_BATCH]
            )
        batch.total_rows = len(results)
        batch.rejected_rows = sum(1 for r in results if r[3])
        batch.valid_rows = batch.total_rows - batch.rejected_rows
        batch.status, batch.progress, batch.message = ImportStatus.VALIDATED, 100, ""
        batch.save()
    return batch


def import_commit_start(*, actor, batch: ImportBatch) -> ImportBatch:
    """Mark the batch as being imported, so that it is not committed twice."""
    _own(actor, batch)
    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.COMMITTING
    )
    if not updated:
        raise ValidationError(_("Check the rows before importing them."))
    batch.status = ImportStatus.COMMITTING
    return batch


def import_commit(*, actor, batch: ImportBatch) -> ImportBatch:
    """Insert every valid row in one transaction, re-checked against the registry as it is now."""
    spec = get_spec(batch.kind)
    if batch.status == ImportStatus.VALIDATED:
        import_commit_start(actor=actor, batch=batch)
    _own(actor, batch)
    if batch.status != ImportStatus.COMMITTING:
        raise ValidationError(_("Check the rows before importing them."))
    try:
        with transaction.atomic():
            _commit_turn(spec)
            stored = [
                (row_id, _unsealed(spec, cleaned))
                for row_id, cleaned in batch.rows.filter(is_valid=True).values_list("id", "cleaned")
            ]
            taken = _taken(spec, [cleaned for _id, cleaned in stored])
            newly_bad = [
                ImportRow(id=row_id, errors=[_taken_message(spec, cleaned)], is_valid=False)
                for row_id, cleaned in stored
                if _key(spec, cleaned) in taken
            ]
            ImportRow.objects.bulk_update(newly_bad, ["errors", "is_valid"], batch_size=ROW_BATCH)
            rows = [cleaned for _id, cleaned in stored if _key(spec, cleaned) not in taken]
            created = spec.commit(actor, rows)
            batch.created_count = created
            batch.valid_rows = created
            batch.rejected_rows = batch.total_rows - created
            batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
            batch.message = (
                _(
                    "%(n)d rows became invalid since they were checked (the registry changed); "
                    "they were not imported."
                )
                % {"n": len(newly_bad)}
                if newly_bad
                else ""
            )
            batch.save()
    except Exception as exc:
        logger.exception("import %s failed", batch.pk)
        return _fail(
            batch,
            _("The import failed and nothing was imported: %(e)s") % {"e": failure_message(exc)},
        )
    _scrub(spec, batch)
    return batch


# Two commits of overlapping files at once: on PostgreSQL both would check the registry before
# either had written, and the second would then fail whole on the unique index. Commits of one
# kind take turns instead (SQLite has one writer anyway): the later one re-checks under the
# lock, sees what the earlier committed, and rejects those rows with their reason.
COMMIT_LOCK = 0x7A4C_1A00


def _commit_turn(spec) -> None:
    if connection.vendor == "postgresql":
        key = COMMIT_LOCK + sum(spec.kind.encode()) % 0x100
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def import_interrupted(*, batch_id) -> ImportBatch | None:
    """The job checking or importing this batch died with its worker. A commit is one
    transaction, so nothing of it was kept: the batch goes back to where the user can check
    or import again, or cancel."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return None
    back = {
        ImportStatus.VALIDATING: (
            ImportStatus.UPLOADED,
            _(
                "Checking was interrupted (the background worker stopped). Nothing was "
                "imported. Check the rows again, or cancel the import."
            ),
        ),
        ImportStatus.COMMITTING: (
            ImportStatus.VALIDATED,
            _(
                "Importing was interrupted (the background worker stopped). Nothing was "
                "imported. Import again, or cancel the import."
            ),
        ),
    }.get(batch.status)
    if back is not None:
        ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
            status=back[0], message=back[1], progress=0, updated_at=timezone.now()
        )
        batch.refresh_from_db()
    return batch


def _masked(cells: list[str], maskers: dict) -> list[str]:
    if not maskers:
        return cells
    return [maskers[i](c) if i in maskers and c else c for i, c in enumerate(cells)]


def _sealed(spec, cleaned: dict) -> dict:
    for name in spec.sensitive:
        if cleaned.get(name):
            cleaned[name] = crypto.encrypt(str(cleaned[name]))
    return cleaned


def _unsealed(spec, cleaned: dict) -> dict:
    for name in spec.sensitive:
        if cleaned.get(name):
            cleaned[name] = crypto.decrypt(cleaned[name])
    return cleaned


def _scrub(spec, batch: ImportBatch) -> None:
    """Once a batch is done with, its checked values are of no more use; a batch of personal
    data also loses its uploaded file (the registry holds what was imported)."""
    batch.rows.exclude(cleaned=None).update(cleaned=None)
    if spec.sensitive and batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


def _jsonable(data: dict) -> dict:
    """Validated data as JSON: related objects by id, dates and decimals as text."""
    out = {}
    for key, value in data.items():
        if isinstance(value, Model):
            out[f"{key}_id"] = value.pk
        elif isinstance(value, date | Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    return out


def _key(spec, cleaned: dict):
    return cleaned.get(spec.unique_field) if spec.unique_field else None


def _taken(spec, rows: list[dict]) -> set:
    """Unique keys of these rows that the registry holds now (checked since the preview)."""
    if not spec.unique_field:
        return set()
    keys = [k for k in (_key(spec, r) for r in rows) if k]
    taken: set = set()
    for start in range(0, len(keys), 5000):
        taken.update(
            spec.model.objects.filter(
                **{f"{spec.unique_field}__in": keys[start : start + 5000]}
            ).values_list(spec.unique_field, flat=True)
        )
    return taken


def _taken_message(spec, cleaned: dict) -> str:
    field = spec.field(spec.unique_field).label
    return _("%(f)s %(v)s was registered after this file was checked.") % {
        "f": field,
        "v": spec.normalize_key(str(_key(spec, cleaned))),
    }


def import_cancel(*, actor, batch: ImportBatch) -> ImportBatch:
    _own(actor, batch)
    if batch.status == ImportStatus.COMMITTED:
        raise ValidationError(_("This import has already been committed."))
    if batch.status == ImportStatus.COMMITTING:
        raise ValidationError(_("This import is being committed now; wait for it to finish."))
    batch.status = ImportStatus.CANCELLED
    batch.save(update_fields=["status", "updated_at"])
    _scrub(get_spec(batch.kind), batch)
    return batch


def _fail(batch: ImportBatch, message: str) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED, message=message)
    batch.refresh_from_db()
    return batch
