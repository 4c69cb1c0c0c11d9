"""Storage settings that migrations share: the fill of a table's pages (PostgreSQL)."""

from django.db import migrations


def page_fill(table: str, percent: int) -> migrations.RunPython:
    """Leave room on `table`'s pages: with free space on its page, an updated row's new
    version stays there and no index gets an entry for it (a HOT update). Only pages written
    afterwards are affected. SQLite has no such setting: nothing there."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(percent)})")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")

    return migrations.RunPython(forwards, backwards)
