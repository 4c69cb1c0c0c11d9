"""Two users writing at once on SQLite: the second waits its turn instead of failing."""

import threading
import time

import dj_database_url
import pytest
from django.db import connections, transaction

from zhiliang.settings import SQLITE_OPTIONS

ALIAS = "concurrent_writers"


@pytest.fixture
def file_db(tmp_path, django_db_blocker):
    """A file-based SQLite database opened with the project's options (an in-memory test
    database has no second connection to collide with)."""
    config = dj_database_url.parse(f"sqlite:///{tmp_path / 'writers.sqlite3'}")
    config["OPTIONS"] = dict(SQLITE_OPTIONS)
    both = {"default": connections.settings["default"], ALIAS: config}
    connections.settings[ALIAS] = connections.configure_settings(both)[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, who TEXT)")
        connections[ALIAS].close()
        yield
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def test_a_writer_that_read_first_waits_for_the_other(file_db):
    a_holds, b_begins, a_committed = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer_a():
        try:
            with transaction.atomic(using=ALIAS):
                connections[ALIAS].cursor().execute("INSERT INTO entry (who) VALUES ('a')")
                a_holds.set()
                b_begins.wait(10)
                time.sleep(0.3)  # let B reach its transaction while A still holds the lock
            a_committed.set()
        except BaseException as exc:
            errors.append(exc)
            a_committed.set()
        finally:
            connections[ALIAS].close()

    def writer_b():
        try:
            a_holds.wait(10)
            b_begins.set()
            with transaction.atomic(using=ALIAS):
                cursor = connections[ALIAS].cursor()
                cursor.execute("SELECT COUNT(*) FROM entry")  # read first, as services do
                a_committed.wait(10)
                cursor.execute("INSERT INTO entry (who) VALUES ('b')")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT who FROM entry ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["a", "b"]
    connections[ALIAS].close()


def test_wal_is_on(file_db):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    connections[ALIAS].close()
