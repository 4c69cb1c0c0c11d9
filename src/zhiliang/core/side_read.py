"""Two long reads at once, one on a second database connection: a core each.

Only outside a transaction. Inside one, the second connection would not see what the
transaction wrote and has not committed (a test's rows, or a caller's earlier writes),
so the reads run one after the other there. Outside, each statement reads what is
committed when it starts, as the statements of a READ COMMITTED transaction do too: two
reads started together see the database as two reads one after the other would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, connections


def read_both(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """(first(), second()): `second` in a thread on its own connection when allowed."""
    if connection.in_atomic_block:
        return first(), second()
    out: dict[str, Any] = {}

    def aside() -> None:
        try:
            out["value"] = second()
        except BaseException as exc:  # re-raised in the caller's thread
            out["error"] = exc
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=aside, name="side-read")
    thread.start()
    try:
        value = first()
    finally:
        thread.join()
    if "error" in out:
        raise out["error"]
    return value, out["value"]
