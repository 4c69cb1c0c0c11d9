import pytest

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.core.regions import regions_load


@pytest.mark.django_db
def test_full_load_is_complete_and_idempotent():
    # 江苏 is loaded for every test already (conftest): the rest of the country is new.
    before = Region.objects.count()
    first = regions_load()
    assert first["total"] == 44703 and first["created"] == 44703 - before
    again = regions_load()
    assert again == {"created": 0, "updated": 0, "total": 44703}
    counts = {lvl: Region.objects.filter(level=lvl).count() for lvl in RegionLevel.values}
    assert counts == {1: 31, 2: 342, 3: 2978, 4: 41352}
    # Special cases named in the data's README.
    beijing_placeholder = Region.objects.get(code="1101")
    assert beijing_placeholder.name == "市辖区" and beijing_placeholder.parent.code == "11"
    dongguan = Region.objects.get(code="441900")
    assert dongguan.level == RegionLevel.COUNTY and dongguan.parent.code == "4419"
    assert Region.objects.filter(parent=dongguan, level=RegionLevel.TOWNSHIP).exists()
    assert Region.objects.get(code="4290").name == "省直辖县级行政区划"
    # Codes that pad alike stay apart, and a subtree never holds its parent.
    assert set(Region.objects.subtree("441900").values_list("level", flat=True)) == {3, 4}
    assert list(Region.objects.subtree("350527000").values_list("code", flat=True)) == ["350527000"]


@pytest.mark.django_db
def test_load_corrects_a_changed_name():
    regions_load(prefixes=("3204",))
    Region.objects.filter(code="320412").update(name="旧名")
    assert regions_load(prefixes=("3204",))["updated"] == 1
    assert Region.objects.get(code="320412").name == "武进区"


def test_subtree_is_one_range_on_the_primary_key(regions, django_assert_num_queries):
    with django_assert_num_queries(1) as ctx:
        codes = list(Region.objects.subtree("320412").values_list("code", flat=True))
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "BETWEEN" in sql and "LIKE" not in sql and "JOIN" not in sql
    assert codes[0] == "320412" and all(c.startswith("320412") for c in codes)
    assert len(codes) == 1 + Region.objects.filter(parent__code="320412").count()


def test_ids_follow_codes(regions):
    from zhiliang.core.models.regions import code_id

    assert Region.objects.get(code="32").id == 3200000001
    assert Region.objects.get(code="320412").id == 3204120003
    assert Region.objects.get(code="320412001").id == 3204120014
    assert all(r.id == code_id(r.code) for r in Region.objects.all())


def test_jurisdiction_filter_needs_no_join(make_user, make_enterprise, django_assert_num_queries):
    from zhiliang.enterprises.models import Enterprise

    user = make_user("viewer", "320412")
    make_enterprise("320412001")
    user.jurisdiction, user.role_codes  # noqa: B018 - loaded once per request in real use
    with django_assert_num_queries(1) as ctx:
        assert Enterprise.objects.visible_to(user).count() == 1
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "JOIN" not in sql and "BETWEEN" in sql


def test_subtree_does_not_leak_into_sibling_codes(regions):
    # 3204 常州 must not include 32041x-like codes of another city; every code starts with 3204.
    assert all(
        c.startswith("3204") for c in Region.objects.subtree("3204").values_list("code", flat=True)
    )
    assert not Region.objects.subtree("3204").filter(code__startswith="3205").exists()
