"""Migrations that cannot be undone say so, and `migrate` refuses to go back through them.

A data migration that destroys or transforms what it cannot restore uses
`RunPython(forwards, irreversible("why"))`. Before `migrate` changes anything (the
pre_migrate signal carries its plan), `refuse_irreversible_plan` stops a backwards plan that
would cross such an operation, or any operation without a reverse, and says why.
"""

from django.core.management.base import CommandError
from django.db.migrations.exceptions import IrreversibleError

ROLLBACK = (
    "To go back to the code before this migration, restore the database and uploads backup "
    "taken before the upgrade (docs/deploy.md, section 10)."
)


def irreversible(why: str):
    """The reverse of a RunPython that cannot be undone; `why` is shown by `migrate --plan`."""

    def reverse(apps, schema_editor):
        raise IrreversibleError(f"{why} {ROLLBACK}")

    reverse.__doc__ = f"IRREVERSIBLE: {why}"
    reverse.irreversible_reason = why
    return reverse


def reasons(plan) -> list[str]:
    """Why each backwards step of `plan` ([(migration, backwards)]) cannot be taken."""
    found = []
    for migration, backwards in plan or []:
        if not backwards:
            continue
        for operation in migration.operations:
            reverse = getattr(operation, "reverse_code", None)
            why = getattr(reverse, "irreversible_reason", None)
            if why is None and operation.reversible:
                continue
            found.append(f"{migration.app_label}.{migration.name}: {why or 'it has no reverse.'}")
    return found


def refuse_irreversible_plan(sender, plan=None, **kwargs):
    found = reasons(plan)
    if found:
        raise CommandError(
            "Refusing to migrate backwards; nothing was changed. These migrations cannot be "
            "undone:\n  " + "\n  ".join(found) + f"\n{ROLLBACK}"
        )
