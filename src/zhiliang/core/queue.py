"""Background jobs are queued by services, once the transaction that prepared them commits."""

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task_path: str, *args) -> None:
    """Queue the task at `task_path` with `args` when the current transaction commits (at
    once outside one), so that the worker finds what was written.

    Named by path: an app's tasks module imports its services, never the other way round.
    """
    transaction.on_commit(lambda: import_string(task_path).enqueue(*args))
