"""Two long reads at once, one on a second database connection: a core each.

Only outside a transaction. Inside one, the second connection would not see what the
transaction wrote and has not committed (a test's rows, or a caller's earlier writes),
so the reads run one after the other there. Outside, each statement reads what is
committed when it starts, as the statements of a READ COMMITTED transaction do too: two
reads started together see the database as two reads one after the other would.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection, connections


def read_both(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """(first(), second()): `second` in a thread on its own connection when allowed; its
    error, if any, is raised here."""
    if connection.in_atomic_block:
        return first(), second()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="side-read") as pool:
        aside = pool.submit(_on_own_connection, second)
        return first(), aside.result()


def _on_own_connection(read: Callable[[], Any]) -> Any:
    try:
        return read()
    finally:
        connections.close_all()  # this thread's connections only
