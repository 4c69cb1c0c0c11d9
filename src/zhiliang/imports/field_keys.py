"""Staged imports of personal data: the checked values and the uploaded file, encrypted until
the batch is imported or cancelled (then both are deleted)."""

import os

from django.db import transaction

from zhiliang.core import crypto
from zhiliang.core.field_keys import KeyUse, tally
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch, ImportRow
from zhiliang.imports.registry import all_specs

DONE = (ImportStatus.COMMITTED, ImportStatus.CANCELLED)


def _staged() -> dict[str, tuple[str, ...]]:
    """Kind → its sensitive fields, for the kinds that have any."""
    return {s.kind: tuple(s.sensitive) for s in all_specs() if s.sensitive}


def _batches():
    return ImportBatch.objects.filter(kind__in=list(_staged())).exclude(status__in=DONE)


def _read(batch: ImportBatch) -> bytes | None:
    if not batch.file or not batch.file.name.endswith(".enc"):
        return None
    try:
        with batch.file.open("rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


class StagedImports:
    label = "values of staged imports"

    def keys_in_use(self) -> dict[str | None, KeyUse]:
        uses: dict[str | None, KeyUse] = {}
        sensitive = _staged()
        for batch in _batches().only("pk", "kind", "file"):
            content = _read(batch)
            if content is not None:
                tally(uses, content)
            rows = ImportRow.objects.filter(batch=batch, cleaned__isnull=False)
            for cleaned in rows.values_list("cleaned", flat=True).iterator():
                for name in sensitive[batch.kind]:
                    if cleaned.get(name):
                        tally(uses, cleaned[name])
        return uses

    def rotate(self, *, batch_size: int) -> int:
        newest = crypto.newest_fingerprint()
        sensitive = _staged()
        done = 0
        for batch in _batches():
            content = _read(batch)
            if content is not None and crypto.key_of(content) != newest:
                path = batch.file.path
                tmp = f"{path}.rotating"
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(crypto.encrypt_bytes(crypto.decrypt_bytes(content)))
                os.replace(tmp, path)
                done += 1
            rows = ImportRow.objects.filter(batch=batch, cleaned__isnull=False).order_by("pk")
            last = 0
            while True:
                with transaction.atomic():
                    chunk = list(rows.filter(pk__gt=last).only("pk", "cleaned")[:batch_size])
                    if not chunk:
                        break
                    changed = [r for r in chunk if _reseal(r.cleaned, sensitive[batch.kind])]
                    ImportRow.objects.bulk_update(changed, ["cleaned"])
                last = chunk[-1].pk
                done += len(changed)
        return done


def _reseal(cleaned: dict, names: tuple[str, ...]) -> bool:
    newest = crypto.newest_fingerprint()
    changed = False
    for name in names:
        value = cleaned.get(name)
        if value and crypto.key_of(value) != newest:
            cleaned[name] = crypto.encrypt(crypto.decrypt(value))
            changed = True
    return changed
