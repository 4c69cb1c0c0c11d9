import pytest

from zhiliang.indicators.catalogue import (
    CatalogueError,
    catalogue_files,
    catalogue_load,
    catalogue_read,
)
from zhiliang.indicators.models import Indicator

pytestmark = pytest.mark.django_db

GOOD = """
- code: t.count
  name: 企业数
  unit: 户
  direction: higher
  kind: computed
  formula: f
  source: s
  model: enterprises.Enterprise
  region_field: region
  date_field: established_on
  numerator: {aggregate: count, filter: {status: active}}
"""


def _file(tmp_path, text, name="x"):
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    path = folder / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_app_file_is_valid():
    files = catalogue_files()
    names = {f.parent.name for f in files}
    assert {"enterprises", "indicators"} <= names
    entries = catalogue_read()
    assert {"enterprise.cqo_share", "satisfaction.customer_index"} <= {
        e.data["code"] for e in entries
    }


def test_load_creates_updates_and_retires(tmp_path):
    path = _file(tmp_path, GOOD)
    assert catalogue_load(files=[path])["created"] == 1
    assert catalogue_load(files=[path])["updated"] == 0
    path.write_text(GOOD.replace("name: 企业数", "name: 企业户数"), encoding="utf-8")
    assert catalogue_load(files=[path])["updated"] == 1
    indicator = Indicator.objects.get(code="t.count")
    assert indicator.name == "企业户数" and indicator.app == "x"
    assert indicator.definition["numerator"]["filter"] == {"status": "active"}
    other = _file(tmp_path, GOOD.replace("t.count", "t.other"), "y")
    assert catalogue_load(files=[other])["retired"] == 1
    assert not Indicator.objects.get(code="t.count").active


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("model: enterprises.Enterprise", "model: enterprises.Nothing"),
            "unknown model 'enterprises.Nothing'",
        ),
        (("region_field: region", "region_field: industry"), "is not a core.Region foreign key"),
        (("region_field: region", "region_field: regio"), "has no field path 'regio'"),
        (("date_field: established_on", "date_field: name"), "is not a date field"),
        (
            ("aggregate: count,", "aggregate: average,"),
            "aggregate must be one of count, count_distinct, sum, not 'average'",
        ),
        (("{status: active}", "{statos: active}"), "bad filter"),
        (("{status: active}", "{status__within: active}"), "bad filter"),
        (("direction: higher", "direction: up"), "direction must be higher or lower"),
        (("kind: computed", "kind: guessed"), "kind must be computed or reported"),
        (("  formula: f\n", ""), "missing keys: formula"),
        (("  numerator: {aggregate: count, filter: {status: active}}\n", ""), "needs a numerator"),
        (("aggregate: count,", "aggregate: sum,"), "needs a field"),
        (("period_mode", "period_mode"), None),
    ],
)
def test_malformed_entries_name_file_and_code(tmp_path, change, message):
    path = _file(tmp_path, GOOD.replace(*change))
    if message is None:
        catalogue_load(files=[path])
        return
    with pytest.raises(CatalogueError) as info:
        catalogue_load(files=[path])
    text = str(info.value)
    assert "x/indicators.yaml" in text and "t.count" in text and message in text
    assert not Indicator.objects.exists()  # nothing written


def test_nothing_written_when_a_later_file_fails(tmp_path):
    good = _file(tmp_path, GOOD, "a")
    bad = _file(tmp_path, GOOD.replace("t.count", "t.bad").replace("unit: 户", "unit:"), "b")
    with pytest.raises(CatalogueError, match="t.bad: missing keys: unit"):
        catalogue_load(files=[good, bad])
    assert not Indicator.objects.exists()


def test_duplicate_code_and_bad_yaml(tmp_path):
    a, b = _file(tmp_path, GOOD, "a"), _file(tmp_path, GOOD, "b")
    with pytest.raises(CatalogueError, match="already defined in"):
        catalogue_read([a, b])
    with pytest.raises(CatalogueError, match="not valid YAML"):
        catalogue_read([_file(tmp_path, "- code: [", "c")])
    with pytest.raises(CatalogueError, match="must hold a list"):
        catalogue_read([_file(tmp_path, "code: x", "d")])


def test_reported_has_no_formula_parts(tmp_path):
    text = GOOD.replace("kind: computed", "kind: reported")
    with pytest.raises(CatalogueError, match="a reported indicator has no formula parts"):
        catalogue_read([_file(tmp_path, text)])


def test_part_overrides_and_stock_rules(tmp_path):
    text = (
        GOOD
        + """  period_mode: flow
  end_field: cqo_trained_on
"""
    )
    with pytest.raises(CatalogueError, match="end_field is for period_mode stock only"):
        catalogue_read([_file(tmp_path, text)])
    text = GOOD.replace("unit: 户", 'unit: "%"')
    with pytest.raises(CatalogueError, match="needs a denominator"):
        catalogue_read([_file(tmp_path, text, "y")])
    text = (
        GOOD
        + """  denominator:
    model: enterprises.EnterpriseProduct
    region_field: enterprise__region
    date_field: enterprise__established_on
    aggregate: count_distinct
    field: enterprise_id
"""
    )
    assert catalogue_read([_file(tmp_path, text, "z")])[0].data["denominator"]["model"]
