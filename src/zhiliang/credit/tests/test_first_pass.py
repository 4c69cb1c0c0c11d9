"""The first classification into an empty class table on PostgreSQL sets the indexes and
foreign keys aside and rebuilds them: same rows, same schema."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhiliang.credit import scoring, services
from zhiliang.credit.models import CreditClass


def _schema():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'credit_creditclass'::regclass ORDER BY 1"
        )
        indexes = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = 'credit_creditclass'::regclass ORDER BY 1"
        )
        return indexes, cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_the_first_pass_keeps_the_schema_and_writes_every_row(make_enterprise, make_penalty):
    if connection.vendor != "postgresql":
        pytest.skip("the bulk first pass is PostgreSQL's")
    before = _schema()
    firm = make_enterprise(established_on=date(2020, 1, 1))
    clean = make_enterprise()
    for _ in range(3):
        make_penalty(firm, kind="fine")
    services.credit_records_refresh()
    scoring.classify(as_of=date(2025, 6, 1))
    assert _schema() == before
    classes = dict(CreditClass.objects.values_list("enterprise_id", "computed_class"))
    assert classes == {firm.pk: "C", clean.pk: "B"}


def _class_inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if 'INSERT INTO "credit_creditclass"' in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_the_insert_into_an_empty_class_table_does_not_scan_what_it_writes(make_enterprise):
    """An empty class table, freshly analysed, is planned as "no rows": an anti-join
    against it became a nested loop rescanning the rows the statement itself was writing
    (a 3 M first pass never ended). Into an empty table the insert leaves nothing out;
    once rows exist, a new enterprise's insert keeps the anti-join."""
    make_enterprise()
    with CaptureQueriesContext(connection) as first:
        scoring.classify(as_of=date(2025, 6, 1))
    late = make_enterprise()
    with CaptureQueriesContext(connection) as second:
        scoring.classify(as_of=date(2025, 6, 1))
    assert [("NOT EXISTS" in sql) for sql in _class_inserts(first.captured_queries)] == [False]
    assert [("NOT EXISTS" in sql) for sql in _class_inserts(second.captured_queries)] == [True]
    assert CreditClass.objects.filter(enterprise=late).exists()
