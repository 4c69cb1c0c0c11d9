"""The first classification into an empty class table on PostgreSQL sets the indexes and
foreign keys aside and rebuilds them: same rows, same schema."""

from datetime import date

import pytest
from django.db import connection

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
