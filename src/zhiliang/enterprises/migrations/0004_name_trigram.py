"""On PostgreSQL, a trigram index makes `?q=` (name contains …) an index search.

SQLite, the district-scale default, scans its few ten thousand rows fast enough. pg_trgm
is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS enterprise_name_trgm ON enterprises_enterprise "
    "USING gin (UPPER(name::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS enterprise_name_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
