"""Checking a batch: every row through the registry's own API serializer (or, for a row its
quick check vouches for, without it); verdicts stored in one bulk write."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core import crypto
from zhiliang.core.bulk import db_value, insert_rows, json_text
from zhiliang.core.queue import enqueue_on_commit
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch, ImportRow
from zhiliang.imports.reading import FileProblem, read_table
from zhiliang.imports.registry import get_spec, missing_required
from zhiliang.imports.services.batches import _fail, _file_path, _own, import_set_mapping

ROW_BATCH = 2000
NO_ERRORS = json_text([])  # most rows': encoded once, not for each


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
    if spec.complete is not None:
        spec.complete(records)
    context = spec.build_context(actor, records)
    serializer = spec.serializer_class(context=context)
    labels = {f.name: str(f.label) for f in spec.fields}
    quick = spec.quick_check
    results = []
    for (number, cells), record in zip(rows, records, strict=True):
        data = quick(context, record) if quick is not None else None
        if data is not None:
            results.append([number, cells, data, []])
            continue
        try:
            data, errors = serializer.run_validation(record), []
        except serializers.ValidationError as exc:
            data, errors = None, _errors(_labelled(exc.detail, labels))
        results.append([number, cells, data, errors])
    if spec.checks_repeats:
        _mark_duplicates(spec, results, records)
    if spec.check_together is not None:
        spec.check_together(results, records)
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
        batch_id = db_value(ImportRow, "batch", batch.pk)
        insert_rows(
            ImportRow._meta.db_table,
            ["batch_id", "number", "values", "errors", "is_valid", "cleaned"],
            (
                (
                    batch_id,
                    n,
                    json_text(_masked(cells, maskers)),
                    json_text(errors) if errors else NO_ERRORS,
                    not errors,
                    None if errors else json_text(_sealed(spec, _jsonable(data))),
                )
                for n, cells, data, errors in results
            ),
            chunk=ROW_BATCH,
        )
        batch.total_rows = len(results)
        batch.rejected_rows = sum(1 for r in results if r[3])
        batch.valid_rows = batch.total_rows - batch.rejected_rows
        batch.status, batch.progress, batch.message = ImportStatus.VALIDATED, 100, ""
        batch.save()
    return batch


def import_validate_request(*, actor, batch: ImportBatch, mapping: list[str]) -> ImportBatch:
    """Take the column mapping and queue the check, in the language the actor reads now:
    the reasons stored for rejected rows are text they read on the preview."""
    import_set_mapping(actor=actor, batch=batch, mapping=mapping)
    import_validate_start(actor=actor, batch=batch)
    enqueue_on_commit(
        "zhiliang.imports.tasks.validate_import", str(batch.pk), actor.pk, get_language()
    )
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


def _jsonable(data: dict) -> dict:
    """Validated data as JSON: related objects by id, dates and decimals as text."""
    out = {}
    for key, value in data.items():
        if type(value) is str:  # most values: one test instead of three
            out[key] = value
        elif isinstance(value, Model):
            out[f"{key}_id"] = value.pk
        elif isinstance(value, date | Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    return out
