"""Import batches: the upload, its column mapping, cancelling, a job that died, a failure."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core import crypto
from zhiliang.core.guards import require_visible
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.reading import FileProblem, read_table, sniff
from zhiliang.imports.registry import get_spec, guess_mapping, missing_required

MIB = 1024 * 1024


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
    require_visible(actor, batch)
    _check_rights(actor, get_spec(batch.kind))


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


def _scrub(spec, batch: ImportBatch) -> None:
    """Once a batch is done with, its checked values are of no more use; a batch of personal
    data also loses its uploaded file (the registry holds what was imported)."""
    batch.rows.exclude(cleaned=None).update(cleaned=None)
    if spec.sensitive and batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


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
