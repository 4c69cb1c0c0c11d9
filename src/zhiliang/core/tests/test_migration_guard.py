"""Migrations that cannot be undone say so; `migrate` refuses to go back through them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from zhiliang.core.migration_guard import irreversible

SEAL = ("imports", "0003_seal_personal_data")


def test_migrating_back_through_an_irreversible_migration_is_refused(db):
    with pytest.raises(CommandError) as refused:
        call_command("migrate", "imports", "0002_cleaned_values", stdout=StringIO())
    message = str(refused.value)
    assert "imports.0003_seal_personal_data: imports.0003 masked the ID numbers" in message
    assert "Refusing to migrate backwards; nothing was changed" in message
    assert "restore the database and uploads backup" in message
    applied = MigrationRecorder(connection).applied_migrations()
    assert SEAL in applied  # still applied: nothing was undone


def test_the_plan_says_which_step_is_irreversible(db):
    out = StringIO()
    call_command("migrate", "imports", "0002_cleaned_values", "--plan", stdout=out)
    assert "0003_seal_personal_data\n    Raw Python operation -> IRREVERSIBLE" in out.getvalue()


def test_the_reverse_itself_raises_with_the_reason():
    with pytest.raises(IrreversibleError, match="it cannot come back. To go back"):
        irreversible("it cannot come back.")(None, None)


def test_every_project_data_migration_has_a_reverse_or_a_reason():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    missing = [
        key
        for key, migration in loader.disk_migrations.items()
        if key[0] in {"core", "imports", "enterprises", "equipment", "licensing", "plans"}
        for op in migration.operations
        if hasattr(op, "reverse_code") and op.reverse_code is None
    ]
    assert missing == []
