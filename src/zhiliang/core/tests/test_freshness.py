"""Cached counts and summaries (core.freshness): fresh after every kind of write."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from zhiliang.core import freshness
from zhiliang.core.counting import cheap_count
from zhiliang.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db(transaction=True)


def _count(qs) -> tuple[int, int]:
    """(count, queries other than the version read)."""
    with CaptureQueriesContext(connection) as queries:
        n, _estimated = cheap_count(qs)
    work = [q for q in queries.captured_queries if "core_tablechange" not in q["sql"]]
    return n, len(work)


def test_a_count_is_read_once_then_served_until_the_table_changes(make_enterprise):
    make_enterprise()
    qs = Enterprise.objects.filter(region__code__startswith="320412")
    assert _count(qs) == (1, 1)
    assert _count(qs) == (1, 0)  # cached: only the versions were read
    make_enterprise()  # through the ORM
    assert _count(qs) == (2, 1)


def test_writes_outside_the_orm_count_too(make_enterprise):
    first = make_enterprise()
    make_enterprise()
    qs = Enterprise.objects.filter(name__contains="改名")
    assert _count(qs)[0] == 0
    table = Enterprise._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET name = %s WHERE id = %s", ["改名有限公司", first.pk])
    assert _count(qs)[0] == 1
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [first.pk])
    assert _count(qs)[0] == 0


def test_a_rolled_back_write_leaves_nothing_cached_behind(make_enterprise):
    make_enterprise()
    qs = Enterprise.objects.all()
    assert _count(qs)[0] == 1
    with transaction.atomic():
        make_enterprise()
        # Inside a transaction nothing is read from or written to the cache.
        assert _count(qs) == (2, 1)
        transaction.set_rollback(True)
    assert _count(qs) == (1, 0)
    make_enterprise()
    assert _count(qs) == (2, 1)


def test_compacting_keeps_every_version(make_enterprise):
    for _ in range(3):
        with transaction.atomic():
            make_enterprise()
    tables = freshness.tracked_tables()
    before = freshness.versions(tables)
    assert dict(before)[Enterprise._meta.db_table] > 0
    freshness.compact()
    assert freshness.versions(tables) == before
    make_enterprise()
    assert freshness.versions(tables) != before


def test_a_query_of_an_untracked_table_is_not_cached(make_user):
    from zhiliang.core.models import SecurityEvent

    assert SecurityEvent._meta.db_table not in freshness.tracked_tables()
    calls = []
    qs = SecurityEvent.objects.all()
    for _ in range(2):
        freshness.cached_query(qs, lambda: calls.append(1), "test")
    assert len(calls) == 2


def test_a_build_is_kept_on_the_tables_it_read_and_no_others(make_enterprise):
    from zhiliang.core.models import Organization

    builds = []

    def build():
        builds.append(1)
        return Enterprise.objects.count()

    def panel():
        return freshness.cached_learning("test family", "k", build)

    make_enterprise()
    assert (panel(), panel(), len(builds)) == (1, 1, 1)
    Organization.objects.filter(pk=-1).update(name="x")  # a table it does not read
    assert (panel(), len(builds)) == (1, 1)
    make_enterprise()
    assert (panel(), len(builds)) == (2, 2)


def test_a_cache_that_cannot_be_written_never_breaks_a_read(make_enterprise, monkeypatch):
    def broken(*args, **kwargs):
        raise PermissionError("read-only cache directory")

    monkeypatch.setattr(freshness.cache, "set", broken)
    monkeypatch.setattr(freshness.cache, "get", broken)
    make_enterprise()
    assert _count(Enterprise.objects.all()) == (1, 1)
