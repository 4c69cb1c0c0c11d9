"""The generator writing to the database: scope, organisations, history, idempotence."""

from collections import Counter

import pytest
from stdnum.cn import uscc

from zhiliang.core.choices import OrganizationKind, RegionLevel
from zhiliang.core.models import Organization, Region
from zhiliang.core.models.regions import subtree_ids
from zhiliang.demo.generate import generate
from zhiliang.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db
CHANGZHOU_UNITS = ("3204", "320402", "320404", "320411", "320412", "320413", "320481")


def _counts():
    return (
        Enterprise.objects.count(),
        Enterprise.history.count(),
        Organization.objects.count(),
    )


def test_small_district_run(regions):
    result = generate(scale="district", seed=3, limit=300, progress=False)
    assert result["created"] == 300 and result["history"] is True

    enterprises = list(Enterprise.objects.values_list("uscc", "region__code", "region__level"))
    assert len(enterprises) == 300
    for code, region_code, level in enterprises:
        assert uscc.is_valid(code), code
        assert code[2:8] == region_code[:6]
        assert region_code[:6] in CHANGZHOU_UNITS[1:]
        assert level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP)
    in_township = sum(level == RegionLevel.TOWNSHIP for *_x, level in enterprises)
    assert in_township > 0.8 * len(enterprises)

    by_county = Counter(region_code[:6] for _c, region_code, _l in enterprises)
    assert by_county.most_common(1)[0][0] == "320412"  # 武进区
    assert abs(by_county["320412"] - 300 * 20 / 56) <= 2
    assert abs(by_county["320411"] - 300 * 12 / 56) <= 2

    # One "created" history record per enterprise, for the detail page.
    assert Enterprise.history.filter(history_type="+").count() == 300


def test_organisations_per_unit(regions):
    generate(scale="district", seed=3, limit=10, progress=False)
    for code in CHANGZHOU_UNITS:
        orgs = Organization.objects.filter(region__code=code)
        offices = orgs.filter(kind=OrganizationKind.OFFICE)
        assert offices.count() == 1
        msb = orgs.get(name__endswith="市场监督管理局")
        assert offices.get().parent == msb
        assert msb.parent.kind == OrganizationKind.GOVERNMENT
        assert orgs.filter(kind=OrganizationKind.DEPARTMENT).count() == 15
    city = Organization.objects.filter(region__code="3204")
    assert city.filter(kind=OrganizationKind.INSPECTION_BODY).count() == 1
    assert city.filter(kind=OrganizationKind.ASSOCIATION).count() == 1
    assert Organization.objects.filter(name="常州市武进区人民政府").exists()
    assert Organization.objects.filter(name="溧阳市市场监督管理局").exists()
    assert Organization.objects.filter(name="武进区质量工作领导小组办公室").exists()
    # Nothing outside 常州市 at district scale.
    assert not Organization.objects.exclude(region__id__range=subtree_ids("3204")).exists()
    assert Region.objects.filter(code="32").exists()


def test_second_run_adds_nothing(regions):
    generate(scale="district", seed=3, limit=200, progress=False)
    before = _counts()
    again = generate(scale="district", seed=3, limit=200, progress=False)
    assert _counts() == before
    assert again["created"] == 0 and again["organizations"] == 0
    assert len(again["skipped_counties"]) == 6
    # A bigger scale over the same city does not duplicate either.
    generate(scale="city", seed=3, limit=500, progress=False)
    assert _counts() == before
