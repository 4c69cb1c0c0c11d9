"""A real `zhiliang db_worker` that stops dead in the middle of a stage, for kill -9 tests.

PAUSE_AT is validating, committing or recompute; when the job is half-way (rows written
inside its transaction), the worker writes PAUSE_MARKER and sleeps until it is killed."""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiliang.settings")

import django  # noqa: E402

django.setup()

STAGE = os.environ["PAUSE_AT"]
MARKER = Path(os.environ["PAUSE_MARKER"])


def hold() -> None:
    MARKER.write_text(STAGE)
    time.sleep(600)


if STAGE == "validating":
    from zhiliang.imports.services import checking as services

    services.ROW_BATCH = 2  # several inserts; hold after the first, inside the transaction
    real_masked, calls = services._masked, []

    def _masked(cells, maskers):
        calls.append(1)
        if len(calls) == 3:
            hold()
        return real_masked(cells, maskers)

    services._masked = _masked
elif STAGE == "committing":
    from zhiliang.enterprises import importers

    real_create = importers.enterprise_bulk_create

    def enterprise_bulk_create(*, actor, rows):
        count = real_create(actor=actor, rows=rows)  # written, not yet committed
        hold()
        return count

    importers.enterprise_bulk_create = enterprise_bulk_create
    # The commit of rows staged in the database (imports.services.committing._commit_staged)
    # writes through this one; held the same way.
    real_staged = importers.enterprise_bulk_create_staged

    def enterprise_bulk_create_staged(*, actor, staged, usccs):
        count = real_staged(actor=actor, staged=staged, usccs=usccs)
        hold()
        return count

    importers.enterprise_bulk_create_staged = enterprise_bulk_create_staged
elif STAGE == "recompute":
    from zhiliang.indicators import engine

    real_compute = engine.compute

    def compute(*, periods=None, progress=None):
        def step(*args):
            progress(*args)
            hold()

        return real_compute(periods=periods, progress=step)

    engine.compute = compute

from django.core.management import call_command  # noqa: E402

call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *sys.argv[1:])
