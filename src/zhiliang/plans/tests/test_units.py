import pytest

from zhiliang.plans.units import department_of, departments, parse

WUJIN = ("常州市武进区", "武进区", "武进", "常州市", "常州", "江苏省", "江苏")


@pytest.mark.parametrize(
    "name, key",
    [
        ("区市场监管局", "market_regulation"),
        ("省质监局", "market_regulation"),  # historic: 质监 → 市场监管 (2018)
        ("省工商局", "market_regulation"),
        ("省食品药品监管局", "market_regulation"),
        ("区发改委", "development_reform"),
        ("省发展改革委", "development_reform"),
        ("常州市武进区发展和改革局", "development_reform"),
        ("省经济和信息化委", "industry_it"),
        ("区经信委", "industry_it"),
        ("区卫计委", "health"),
        ("区旅发委", "culture_tourism"),
        ("区住建委", "housing_construction"),
        ("省住房城乡建设厅", "housing_construction"),
        ("区农委", "agriculture"),
        ("省安监局", "emergency_management"),
        ("省人力资源社会保障厅", "human_resources"),
        ("江苏检验检疫局", "customs"),
        ("区委宣传部", "propaganda"),
        ("省法制办", "justice"),
    ],
)
def test_names_map_to_departments(name, key):
    assert department_of(name).key == key


def test_unknown_names_map_to_nothing():
    assert department_of("贵池工业园区") is None
    assert department_of("人行南京分行") is None


def test_parse_reads_level_place_and_collectives():
    p = parse("区市场监管局", WUJIN)
    assert (p.level, p.place, p.department.key, p.collective) == (3, "", "market_regulation", False)
    p = parse("武进区发改委", WUJIN)
    assert (p.level, p.place, p.department.key) == (None, "武进区", "development_reform")
    p = parse("省质监局", WUJIN)
    assert p.level == 1
    assert parse("区政府有关单位", WUJIN).collective
    assert parse("省有关部门", WUJIN).collective
    p = parse("南京海关", WUJIN)
    assert p.place == "南京" and p.department.key == "customs"


def test_every_department_has_a_current_name_among_its_names():
    for d in departments():
        assert d.current in d.names, d.key
    all_names = [n for d in departments() for n in d.names]
    assert len(all_names) == len(set(all_names)), "a name may belong to one department only"
