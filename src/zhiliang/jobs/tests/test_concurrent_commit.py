"""Two overlapping imports committed at the same moment (issue #11, item 12): on PostgreSQL
the second used to fail whole on the unique index and lose its new rows. Now the commits take
turns, and the later one rejects, with the reason, only the rows the earlier one registered."""

import contextlib
import threading

import pytest
from django.db import connection
from django.utils import translation

from zhiliang.enterprises.models import Enterprise
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.services import committing
from zhiliang.jobs.tests.helpers import rows, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    "connection.vendor == 'sqlite'",
    reason="SQLite has one writer: its commits cannot overlap (the in-memory test database "
    "cannot even be written from two threads)",
)
def test_overlapping_imports_committed_at_once_lose_nothing(make_user, monkeypatch):
    clerk = make_user("office_staff", "320412")
    first = services.import_validate(actor=clerk, batch=upload(clerk, rows(range(0, 200))))
    second = services.import_validate(actor=clerk, batch=upload(clerk, rows(range(100, 300))))
    for batch in (first, second):
        assert batch.valid_rows == 200
        services.import_commit_start(actor=clerk, batch=batch)

    # Hold each commit after it has checked the registry until the other has too (or, once
    # they take turns, until the wait gives up): the moment the old code went wrong.
    both_checked = threading.Barrier(2, timeout=5)
    real_taken = committing._taken

    def taken_then_wait(spec, found):
        result = real_taken(spec, found)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return result

    monkeypatch.setattr(committing, "_taken", taken_then_wait)
    results = {}

    def commit(batch):
        try:
            with translation.override("en"):
                results[batch.pk] = services.import_commit(actor=clerk, batch=batch)
        finally:
            connection.close()

    threads = [threading.Thread(target=commit, args=(b,)) for b in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    outcome = sorted(
        (results[b.pk].status, results[b.pk].created_count, results[b.pk].rejected_rows)
        for b in (first, second)
    )
    assert outcome == [(ImportStatus.COMMITTED, 100, 100), (ImportStatus.COMMITTED, 200, 0)]
    assert Enterprise.objects.count() == 300
    later = next(r for r in results.values() if r.rejected_rows)
    reasons = later.rows.filter(is_valid=False).values_list("errors", flat=True)
    assert all("was registered after this file was checked" in e[0] for e in reasons)
