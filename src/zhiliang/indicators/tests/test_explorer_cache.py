"""The explorer's cached part (issue #19): every table it reads is versioned, so a page is
served from the cache and a new figure shows on the next visit."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory

from zhiliang.core import freshness
from zhiliang.indicators.models import IndicatorValue
from zhiliang.indicators.views import Explorer

PAGE = "/indicators/enterprise.count/"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["enterprise.count", "enterprise.cqo_share"])
def test_every_table_the_explorer_part_reads_is_tracked(computed, make_user, code):
    request = RequestFactory().get(f"/indicators/{code}/", {"region": "320412"})
    request.user = make_user("viewer", "3204")
    view = Explorer()
    view.setup(request, code=code)
    _part, seen = freshness._watched(lambda: view._part(code), connection)
    assert seen <= freshness.tracked_tables(), seen - freshness.tracked_tables()


@pytest.mark.django_db(transaction=True)
def test_a_recomputed_figure_shows_on_the_next_visit(computed, login, django_assert_num_queries):
    client = login("viewer", "3204")
    query = {"region": "320412", "period": "2024"}
    first = client.get(PAGE, query).context["part"]["body"]
    with django_assert_num_queries(3):  # session, user, table versions: the part is cached
        assert client.get(PAGE, query).context["part"]["body"] == first
    IndicatorValue.objects.filter(
        indicator__code="enterprise.count", region__code="320412", period="2024"
    ).update(numerator=Decimal(4321), value=Decimal(4321))
    assert "4,321" in client.get(PAGE, query).content.decode()
