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


def test_a_block_with_as_many_figures_but_other_regions_is_repaired(computed):
    """The count of a block alone cannot tell: one figure gone and a stray one in a region
    without rows leave it as large. The stray computed figure goes, the missing comes back,
    and a figure typed over a computed one is computed again."""
    from zhiliang.core.models import Region

    periods = P.periods_between(date(2023, 1, 1), date(2025, 12, 31))
    missing = value("enterprise.cqo_share", "320412001", "2024-Q2")
    held = set(
        IndicatorValue.objects.filter(
            indicator=missing.indicator, period=missing.period
        ).values_list("region_id", flat=True)
    )
    elsewhere = Region.objects.exclude(pk__in=held).first()
    IndicatorValue.objects.filter(pk=missing.pk).update(region=elsewhere)
    typed = value("enterprise.count", "3204", "2024")
    IndicatorValue.objects.filter(pk=typed.pk).update(source="reported", numerator=5, value=5)
    engine.compute(periods=periods)
    stray = IndicatorValue.objects.filter(
        indicator=missing.indicator, period=missing.period, region=elsewhere
    )
    assert not stray.exists()
    restored = value("enterprise.cqo_share", "320412001", "2024-Q2")
    assert (restored.numerator, restored.denominator) == (missing.numerator, missing.denominator)
    again = value("enterprise.count", "3204", "2024")
    assert (again.source, again.numerator) == ("computed", typed.numerator)


def test_figures_leave_room_to_be_updated_in_place():
    """PostgreSQL: half-full pages, so a changed figure's new version stays on its page and
    no index is written for it; and no index on the indicator alone (the key serves)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("page fill is a PostgreSQL storage setting")
    table = IndicatorValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        assert "fillfactor=50" in cursor.fetchone()[0]
        indexes = connection.introspection.get_constraints(cursor, table)
    assert ["indicator_id"] not in [c["columns"] for c in indexes.values() if c["index"]]
