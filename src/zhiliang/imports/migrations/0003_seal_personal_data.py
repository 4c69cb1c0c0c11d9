"""Batches of operators staged before ID numbers were sealed: mask their cells, encrypt
their checked values and their file, or drop both once the batch is done with."""

from django.core.files.base import ContentFile
from django.db import migrations

SENSITIVE = {"equipment_operators": "id_number"}
DONE = ("committed", "cancelled")


def seal(apps, schema_editor):
    from zhiliang.core import crypto
    from zhiliang.equipment.crypto import mask_id_text

    ImportBatch = apps.get_model("imports", "ImportBatch")
    for batch in ImportBatch.objects.filter(kind__in=list(SENSITIVE)).iterator():
        name = SENSITIVE[batch.kind]
        columns = [i for i, m in enumerate(batch.mapping) if m == name]
        for row in batch.rows.all().iterator():
            row.values = [
                mask_id_text(c) if i in columns and c else c for i, c in enumerate(row.values)
            ]
            if batch.status in DONE:
                row.cleaned = None
            elif row.cleaned and row.cleaned.get(name):
                row.cleaned[name] = crypto.encrypt(str(row.cleaned[name]))
            row.save(update_fields=["values", "cleaned"])
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

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
