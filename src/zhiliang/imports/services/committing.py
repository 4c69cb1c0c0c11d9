"""Committing a batch: every valid row in one transaction, re-checked against the registry."""

import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhiliang.core.bulk import values_present
from zhiliang.core.failures import failure_message
from zhiliang.core.queue import enqueue_on_commit
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch, ImportRow
from zhiliang.imports.registry import get_spec
from zhiliang.imports.services.batches import _fail, _own, _scrub
from zhiliang.imports.services.checking import ROW_BATCH, _unsealed

logger = logging.getLogger(__name__)


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
            # In file order. ImportRow's own ordering ("batch", "number") would join the
            # batches for their ordering and sort 100,000 rows with their values on disk;
            # within one batch it is the number, which the batch_valid index reads in order.
            valid = batch.rows.filter(is_valid=True).order_by("number")
            if _staged(spec):
                created, newly_bad = _commit_staged(spec, actor, valid)
            else:
                created, newly_bad = _commit_fetched(spec, actor, valid)
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


def _staged(spec) -> bool:
    return spec.commit_staged is not None and bool(spec.unique_field) and not spec.sensitive


def _commit_fetched(spec, actor, valid) -> tuple[int, list]:
    """The checked rows fetched, re-checked and handed to the spec's `commit`."""
    stored = [
        (row_id, _unsealed(spec, cleaned)) for row_id, cleaned in valid.values_list("id", "cleaned")
    ]
    taken = _taken(spec, [cleaned for _id, cleaned in stored])
    newly_bad = [
        ImportRow(id=row_id, errors=[_taken_message(spec, cleaned)], is_valid=False)
        for row_id, cleaned in stored
        if _key(spec, cleaned) in taken
    ]
    ImportRow.objects.bulk_update(newly_bad, ["errors", "is_valid"], batch_size=ROW_BATCH)
    rows = [cleaned for _id, cleaned in stored if _key(spec, cleaned) not in taken]
    return spec.commit(actor, rows), newly_bad


def _commit_staged(spec, actor, valid) -> tuple[int, list]:
    """The same, with only the unique keys fetched: the rows registered since the check
    are marked invalid first, and the spec's `commit_staged` then writes the rows still
    valid from where they are staged (an import of 100,000 rows spent seconds fetching
    and decoding their JSON only to send the values back)."""
    keyed = list(valid.values_list("id", KT(f"cleaned__{spec.unique_field}")))
    taken = _taken(spec, [{spec.unique_field: key} for _id, key in keyed])
    newly_bad = [
        ImportRow(
            id=row_id,
            errors=[_taken_message(spec, {spec.unique_field: key})],
            is_valid=False,
        )
        for row_id, key in keyed
        if key in taken
    ]
    ImportRow.objects.bulk_update(newly_bad, ["errors", "is_valid"], batch_size=ROW_BATCH)
    keys = [key for _id, key in keyed if key not in taken]
    # (the batch is COMMITTING: nothing changes its rows meanwhile, so `keys` are theirs)
    return spec.commit_staged(actor, valid, keys), newly_bad


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


def import_commit_request(*, actor, batch: ImportBatch) -> ImportBatch:
    """Mark the batch as being imported and queue the commit, in the actor's language."""
    import_commit_start(actor=actor, batch=batch)
    enqueue_on_commit(
        "zhiliang.imports.tasks.commit_import", str(batch.pk), actor.pk, get_language()
    )
    return batch


def _key(spec, cleaned: dict):
    return cleaned.get(spec.unique_field) if spec.unique_field else None


def _taken(spec, rows: list[dict]) -> set:
    """Unique keys of these rows that the registry holds now (checked since the preview)."""
    if not spec.unique_field:
        return set()
    keys = [k for k in (_key(spec, r) for r in rows) if k]
    if hasattr(spec.model, "_meta"):
        return values_present(spec.model, spec.unique_field, keys)
    # A stand-in that answers `filter(<field>__in=…)` itself (operators' hashed ID numbers).
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
