"""A computed indicator paired with a reported one (`reported_fallback`): where the registry
holds nothing for a region-period, the explorer shows the reported figure marked as
reported; where it holds data, only the computed figure. The computed values never change."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from zhiliang.core.models import Region
from zhiliang.indicators.catalogue import CatalogueError, catalogue_read
from zhiliang.indicators.models import Indicator, IndicatorValue, ReportedValue

pytestmark = pytest.mark.django_db
CODE = "recognition.brand_products_provincial"


@pytest.fixture
def figures(catalogue, make_user, make_org):
    computed, reported = (Indicator.objects.get(code=c) for c in (CODE, "brand.famous_products"))
    assert computed.definition["reported_fallback"] == reported.code
    for region, counted in (("3204", 3), ("320412", 0), ("320402", 3)):
        IndicatorValue.objects.create(
            indicator=computed, region=Region.objects.get(code=region), period="2024",
            period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
            numerator=Decimal(counted), value=Decimal(counted), computed_at=timezone.now(),
        )  # fmt: skip
    clerk, office = make_user("office_staff", "3204"), make_org("3204", "常州市质量发展局")
    for region, figure in (("320412", 41), ("320402", 55), ("3204", 300)):
        ReportedValue.objects.create(
            indicator=reported, region=Region.objects.get(code=region), period="2024",
            value=Decimal(figure), evidence="省局名牌产品公告", reported_by=clerk,
            organization=office,
        )  # fmt: skip


def test_a_region_without_registry_data_shows_the_reported_figure(login, figures):
    r = login("viewer", "3204").get(f"/indicators/{CODE}/", {"period": "2024"})
    rows = {v.region.code: v for v in r.context["data"].children}
    assert rows["320412"].reported.value == 41  # the registry counted nothing there
    assert rows["320402"].reported is None  # it counted 3: no reported figure beside them
    assert r.context["fallback"]["own"] is None  # 常州市 has registry data
    html = r.content.decode()
    assert "上报" in html and "41" in html and "55" not in html
    assert IndicatorValue.objects.get(indicator__code=CODE, region__code="320412").value == 0


@pytest.mark.english
def test_without_computed_values_the_latest_report_is_shown(login, figures):
    IndicatorValue.objects.filter(indicator__code=CODE).delete()
    r = login("viewer", "320412").get(f"/indicators/{CODE}/")
    assert r.context["fallback"]["own"].value == 41
    html = r.content.decode()
    assert 'id="reported-fallback"' in html and "the reported figure" in html


def test_a_fallback_must_name_a_reported_indicator(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(
        "- {code: a.reported, name: 甲, unit: 个, direction: higher, kind: reported,"
        " formula: x, source: y}\n"
        "- {code: b.computed, name: 乙, unit: 个, direction: higher, kind: computed, formula: x,"
        " source: y, model: enterprises.Enterprise, region_field: region,"
        " date_field: established_on, numerator: {aggregate: count},"
        " reported_fallback: c.missing}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="no reported indicator"):
        catalogue_read([path])
    path.write_text(path.read_text(encoding="utf-8").replace("c.missing", "a.reported"))
    assert len(catalogue_read([path])) == 2
