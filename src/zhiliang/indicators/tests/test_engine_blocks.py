"""Distinct counts added up by month when the counted value places its rows, and the write
that joins only the changed (indicator, period) blocks."""

from datetime import date

import pytest
from django.db.models import Q

from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.engine.sources import Slot, Source
from zhiliang.indicators.models import IndicatorValue
from zhiliang.indicators.tests.conftest import value

pytestmark = pytest.mark.django_db

MADE = ("enterprises.EnterpriseProduct", "enterprise__region", "enterprise__established_on")


def _source(key, *fields):
    return Source(key, [Slot(1, "n", "count_distinct", f, Q()) for f in fields])


def test_values_that_place_their_rows():
    # A product made (its own key) and its maker (the foreign key the region and date are
    # read through) sit in one region and month: counted per month and added up.
    assert not _source((*MADE, "stock", None), "id", "enterprise_id").by_period
    # A product is made in many regions; an industry's enterprises are set up in many
    # months; a certificate's date is its own, not its holder's: counted per period.
    assert _source((*MADE, "stock", None), "id", "product_id").by_period
    key = ("enterprises.Enterprise", "region", "established_on", "stock", None)
    assert _source(key, "industry_id").by_period
    key = ("licensing.Certificate", "holder__region", "issued_on", "stock", "ended_on")
    assert _source(key, "holder_id").by_period


@pytest.fixture
def made(world, catalogue):
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import EnterpriseProduct, Product

    products_load(Product)
    ccc = list(Product.objects.filter(requires_ccc=True).order_by("code")[:2])
    for key, products in (("e1", ccc), ("e2", ccc[:1]), ("e4", ccc[:1])):
        for product in products:
            EnterpriseProduct.objects.create(enterprise=world[key], product=product)
    return world


def test_makers_counted_once_however_many_products(made):
    engine.compute(periods=[P.parse(c) for c in ("2023", "2024")])
    # e1 makes two CCC products, e2 (set up 2024-06-30) one; e4 is deregistered.
    makers = {p: value("licensing.ccc_rate", "320412001", p).denominator for p in ("2023", "2024")}
    assert makers == {"2023": 1, "2024": 2}
    assert value("licensing.ccc_rate", "3204", "2024").denominator == 2
    made_now = value("standards.coverage_rate", "320412001", "2024").denominator
    assert made_now == 3  # products made, each once: e1's two and e2's one


def test_recompute_repairs_changed_and_missing_figures(computed):
    periods = P.periods_between(date(2023, 1, 1), date(2025, 12, 31))
    stored = IndicatorValue.objects.filter(source="computed")
    count = stored.count()
    changed = value("enterprise.count", "3204", "2024")
    missing = value("enterprise.cqo_share", "320412001", "2024-Q2")
    untouched = value("enterprise.count", "3204", "2023")
    IndicatorValue.objects.filter(pk=changed.pk).update(numerator=999, value=999)
    IndicatorValue.objects.filter(pk=missing.pk).delete()
    engine.compute(periods=periods)
    again = value("enterprise.count", "3204", "2024")
    assert (again.numerator, again.value) == (changed.numerator, changed.value)
    restored = value("enterprise.cqo_share", "320412001", "2024-Q2")
    assert (restored.numerator, restored.denominator) == (missing.numerator, missing.denominator)
    assert stored.count() == count
    assert value("enterprise.count", "3204", "2023").computed_at == untouched.computed_at
