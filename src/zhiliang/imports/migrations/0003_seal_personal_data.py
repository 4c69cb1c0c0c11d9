"""Batches of operators staged before ID numbers were sealed: mask their cells, encrypt
their checked values and their file, or drop both once the batch is done with.

Irreversible: the unmasked cells and the files of finished batches are gone. Rows are
written in chunks (one UPDATE per chunk), not one by one.
"""

from django.core.files.base import ContentFile
from django.db import migrations

from zhiliang.core.migration_guard import irreversible

SENSITIVE = {"equipment_operators": "id_number"}
DONE = ("committed", "cancelled")
CHUNK = 1000


def mask_id_text(text: str) -> str:
    """equipment.crypto.mask_id_text as it was when this migration was written (copied so
    that the migration keeps its effect whatever becomes of that code): the region of issue
    and the last four kept, 3204**********1234; eight characters or fewer all masked."""
    number = str(text or "").strip().upper().replace(" ", "")
    if len(number) > 8:
        return number[:4] + "*" * (len(number) - 8) + number[-4:]
    return "*" * len(number)


def seal(apps, schema_editor):
    # The keys live in the settings; the migration encrypts with whatever keys are in force.
    from zhiliang.core import crypto

    ImportBatch = apps.get_model("imports", "ImportBatch")
    ImportRow = apps.get_model("imports", "ImportRow")
    for batch in ImportBatch.objects.filter(kind__in=list(SENSITIVE)).iterator():
        name = SENSITIVE[batch.kind]
        columns = [i for i, m in enumerate(batch.mapping) if m == name]
        chunk = []
        for row in batch.rows.only("pk", "values", "cleaned").iterator(chunk_size=CHUNK):
            row.values = [
                mask_id_text(c) if i in columns and c else c for i, c in enumerate(row.values)
            ]
            if batch.status in DONE:
                row.cleaned = None
            elif row.cleaned and row.cleaned.get(name):
                row.cleaned[name] = crypto.encrypt(str(row.cleaned[name]))
            chunk.append(row)
            if len(chunk) == CHUNK:
                ImportRow.objects.bulk_update(chunk, ["values", "cleaned"])
                chunk = []
        ImportRow.objects.bulk_update(chunk, ["values", "cleaned"])
        if not batch.file or batch.file.name.endswith(".enc"):
            continue
        if batch.status in DONE:
            batch.file.delete(save=False)
        else:
            with batch.file.open("rb") as f:
                content = crypto.encrypt_bytes(f.read())
            old = batch.file.name
            new = f"{batch.pk}.{batch.file_format}.enc"
            batch.file.save(new, ContentFile(content), save=False)
            batch.file.storage.delete(old)
        batch.save(update_fields=["file"])


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_cleaned_values")]

    operations = [
        migrations.RunPython(
            seal,
            irreversible(
                "imports.0003 masked the ID numbers in staged import rows, encrypted the "
                "staged files and deleted the files of finished operator imports."
            ),
        )
    ]
