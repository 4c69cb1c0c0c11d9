import pytest

from zhiliang.core.models import Region
from zhiliang.plans.resolution import lineage, place_names, resolve_units


@pytest.fixture
def orgs(make_org):
    return {
        "wj_market": make_org("320412", "常州市武进区市场监督管理局"),
        "wj_ndrc": make_org("320412", "常州市武进区发展和改革局"),
        "wj_health": make_org("320412", "常州市武进区卫生健康委员会"),
        "cz_market": make_org("3204", "常州市市场监督管理局"),
        "js_market": make_org("32", "江苏省市场监督管理局"),
        "js_it": make_org("32", "江苏省工业和信息化厅"),
        "customs": make_org("3201", "南京海关"),
    }


def test_place_names_of_a_district(regions):
    names = place_names(lineage(Region.objects.get(code="320412")))
    assert {"常州市武进区", "武进区", "武进", "常州市", "常州", "江苏省", "江苏"} <= set(names)
    assert names["武进"].code == "320412" and names["常州"].code == "3204"


def test_district_plan_names_resolve_to_district_units(orgs):
    wujin = Region.objects.get(code="320412")
    got = {
        r.name: r
        for r in resolve_units(
            [
                "区市场监管局",
                "区发改委",
                "武进区卫计委",
                "市质监局",
                "省经信委",
                "区政府有关单位",
                "区旅发委",
                "南京海关",
            ],
            wujin,
        )
    }
    assert got["区市场监管局"].organization == orgs["wj_market"]
    assert got["区发改委"].organization == orgs["wj_ndrc"]
    assert got["武进区卫计委"].organization == orgs["wj_health"]  # 卫计委 → 卫健委
    assert got["市质监局"].organization == orgs["cz_market"]  # 质监局 → 市场监管局, city level
    assert got["省经信委"].organization == orgs["js_it"]  # 经信委 → 工业和信息化厅
    assert got["区政府有关单位"].collective and got["区政府有关单位"].organization is None
    unresolved = got["区旅发委"]
    assert (
        unresolved.organization is None and unresolved.suggestion == "常州市武进区文化广电和旅游局"
    )
    assert got["南京海关"].organization == orgs["customs"]  # a unit with its own place: by name


def test_county_level_city_reads_shi_as_itself(make_org):
    liyang = make_org("320481", "溧阳市市场监督管理局")
    (r,) = resolve_units(["市市场监管局"], Region.objects.get(code="320481"))
    assert r.organization == liyang


def test_province_suggestions_use_province_names_and_central_units_none(orgs):
    jiangsu = Region.objects.get(code="32")
    got = {
        r.name: r
        for r in resolve_units(["省教育厅", "省财政厅", "江苏检验检疫局", "省统计局"], jiangsu)
    }
    assert got["省教育厅"].suggestion == "江苏省教育厅"
    assert got["省财政厅"].suggestion == "江苏省财政厅"
    assert got["省统计局"].suggestion == "江苏省统计局"
    assert got["江苏检验检疫局"].suggestion == ""  # 海关 is central: nothing to create


def test_a_neighbouring_districts_unit_is_not_resolved_by_its_full_name(make_org):
    """The reviewer of a 武进区 plan does not learn that 新北区 has a unit of that name."""
    make_org("320411", "常州市新北区科学技术局")
    (r,) = resolve_units(["常州市新北区科学技术局"], Region.objects.get(code="320412"))
    assert r.organization is None
