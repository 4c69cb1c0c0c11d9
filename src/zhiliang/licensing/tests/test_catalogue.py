"""The compulsory-verification catalogue page: items, counts per item, certainty marks and
the warning about what is held against what was published; `zhiliang
load-instrument-catalogue`."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhiliang.licensing import catalogue as catalogue_module
from zhiliang.licensing import selectors
from zhiliang.licensing.models import InstrumentCategory

URL = reverse("licensing:instrument-catalogue")


@pytest.fixture
def fleet(make_enterprise, make_instrument):
    """Instruments in 武进区 (320412) and one set in 新北区 (320411), outside its reach."""
    inside = make_enterprise("320412001")
    other = make_enterprise("320412002")
    outside = make_enterprise("320411002")
    make_instrument(inside, "1101")
    make_instrument(inside, "1101")
    make_instrument(other, "1102")
    make_instrument(other, "11")  # recorded against the first-level item itself
    make_instrument(inside, "03")
    make_instrument(outside, "03")
    make_instrument(outside, "1101")
    make_instrument(outside, "1203")


def _row(page: str, code: str) -> str:
    match = re.search(rf'<tr id="item-{code}".*?</tr>', page, re.S)
    assert match, code
    return match.group(0)


def _count(page: str, code: str) -> int:
    return int(re.search(r'instrument-count">(\d+)<', _row(page, code)).group(1))


def test_counts_per_item_against_a_hand_count(make_user, fleet):
    result = selectors.instrument_catalogue(user=make_user("viewer", "320412"))
    counts = {i["category"].code: i["count"] for i in result["items"]}
    counts |= {c["category"].code: c["count"] for i in result["items"] for c in i["children"]}
    # 11 = its own 1 + 1101's 2 + 1102's 1; 新北区's 03, 1101 and 1203 are not counted.
    assert counts["11"] == 4 and counts["1101"] == 2 and counts["1102"] == 1
    assert counts["03"] == 1 and counts["12"] == 0 and counts["1203"] == 0
    assert sum(i["count"] for i in result["items"]) == 5
    assert result["instruments"] == 5
    codes = [i["category"].code for i in result["items"]]
    assert codes == sorted(codes) and all(len(c) == 2 for c in codes)
    assert [c["category"].code for c in result["items"][codes.index("11")]["children"]] == [
        "1101", "1102", "1103", "1104",
    ]  # fmt: skip
    # The city sees both districts.
    city = selectors.instrument_catalogue(user=make_user("viewer", "3204"))
    assert city["instruments"] == 8
    assert {i["category"].code: i["count"] for i in city["items"]}["12"] == 1


def test_held_published_and_recalled_counts(make_user, catalogues, tmp_path, monkeypatch):
    user = make_user("viewer", "320412")
    result = selectors.instrument_catalogue(user=user)
    with open(catalogue_module.INSTRUMENTS_YAML, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert result["published"]["first_level"] == data["first_level_count"] == 40
    assert result["published"]["second_level"] == data["second_level_count"] == 62
    assert result["held"] == {
        "first_level": InstrumentCategory.objects.filter(parent=None).count(),
        "second_level": InstrumentCategory.objects.exclude(parent=None).count(),
    }
    assert result["recalled"] == InstrumentCategory.objects.count()
    InstrumentCategory.objects.filter(code__in=["03", "0601"]).update(mark="✓")
    assert selectors.instrument_catalogue(user=user)["recalled"] == result["recalled"] - 2


def test_the_page_in_chinese_and_english(client, make_user, fleet):
    client.force_login(make_user("inspector", "320412"))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'active" href="{URL}"' in page and "强制检定目录" in page
    assert "凭记忆录入，待与公布的目录表核对" in page and 'id="catalogue-warning"' in page
    held = InstrumentCategory.objects.filter(parent=None).count()
    assert f"本目录现有一级项目 {held} 项" in page
    # First-level items and their second-level ones, indented, with the mark on each.
    first, second = _row(page, "11"), _row(page, "1101")
    assert "catalogue-first" in first and "catalogue-second" in second and "ps-4" in second
    assert "mark-recalled" in first and "mark-recalled" in second
    # The count links to the instrument list filtered by the code, which counts the same.
    assert _count(page, "11") == 4 and _count(page, "1101") == 2 and _count(page, "12") == 0
    assert 'href="/licensing/instruments/?category=11"' in first
    listed = client.get(reverse("licensing:instruments"), {"category": "11"})
    assert listed.context["page"].paginator.count == 4
    # Periodic items show their period, first-verification-only ones none.
    assert '<td class="text-end">6</td>' in _row(page, "03")
    assert '<td class="text-end"></td>' in _row(page, "0601")

    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verification catalogue" in english and "Scope of compulsory verification" in english
    assert "recalled, to be checked against the published table" in english
    assert f"This catalogue holds {held} first-level" in english
    assert "of the 40 and 62 published" in english
    assert "An operator corrects the catalogue data and loads it again." in english


def test_the_warning_names_the_published_counts_from_the_data_file(
    client, make_user, catalogues, tmp_path, monkeypatch
):
    client.force_login(make_user("viewer", "320412"))
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "of the 40 and 62 published" in page and "items are marked ?" in page
    data = yaml.safe_load(catalogue_module.INSTRUMENTS_YAML.read_text(encoding="utf-8"))
    data["first_level_count"], data["second_level_count"] = 41, 63
    other = tmp_path / "catalogue.yaml"
    other.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(catalogue_module, "INSTRUMENTS_YAML", other)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "of the 41 and 63 published" in page


def test_no_warning_once_checked_and_complete(client, make_user, catalogues, tmp_path, monkeypatch):
    InstrumentCategory.objects.update(mark="✓")
    data = yaml.safe_load(catalogue_module.INSTRUMENTS_YAML.read_text(encoding="utf-8"))
    data["first_level_count"] = InstrumentCategory.objects.filter(parent=None).count()
    data["second_level_count"] = InstrumentCategory.objects.exclude(parent=None).count()
    other = tmp_path / "catalogue.yaml"
    other.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(catalogue_module, "INSTRUMENTS_YAML", other)
    client.force_login(make_user("viewer", "320412"))
    page = client.get(URL).content.decode()
    assert 'id="catalogue-warning"' not in page and "mark-recalled" not in page
    assert "mark-seen" in _row(page, "03")
    # Checked but still incomplete: the warning stays, without the sentence about "?".
    data["first_level_count"] += 1
    other.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="catalogue-warning"' in page and "marked ?" not in page


def test_permission_is_needed(client, make_user, catalogues):
    assert client.get(URL).status_code == 302
    client.force_login(make_user("department_reporter", "320412"))
    assert client.get(URL).status_code == 403
    client.force_login(make_user("system_admin", "320412"))
    assert client.get(URL).status_code == 403


def test_query_count_does_not_grow_with_the_instruments(
    client, make_user, make_enterprise, make_instrument, django_assert_max_num_queries
):
    client.force_login(make_user("viewer", "320412"))
    e = make_enterprise("320412001")
    make_instrument(e, "1101")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        # One grouped query over the instruments, whatever their number.
        assert sum('FROM "licensing_instrument" ' in q for q in sql) == 1
        return len(sql)

    few = queries()
    for code in ("03", "0401", "0601", "1102", "1203", "2104", "34") * 6:
        make_instrument(make_enterprise("320412002"), code)
    assert queries() == few
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_detail_page_shows_the_mark_of_a_recalled_item(
    client, make_user, make_enterprise, make_instrument
):
    recalled = make_instrument(make_enterprise("320412001"), "1101")
    seen = make_instrument(make_enterprise("320412001"), "03")
    InstrumentCategory.objects.filter(code="03").update(mark="✓")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("licensing:instrument", args=[recalled.pk])).content.decode()
    assert 'id="category-mark"' in page and "mark-recalled" in page
    assert "凭记忆录入，待与公布的目录表核对" in page and f"{URL}#item-1101" in page
    page = client.get(
        reverse("licensing:instrument", args=[seen.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'id="category-mark"' not in page and "mark-recalled" not in page


def test_smoke_meter_is_a_recalled_first_level_item(catalogues):
    item = InstrumentCategory.objects.get(code="34")
    assert item.name == "透射式烟度计" and item.parent is None and item.mark == "?"
    assert item.mode == "periodic" and item.period_months == 12 and item.scope == "用于环境监测"


def test_load_instrument_catalogue_command(catalogues, capsys, tmp_path):
    call_command("load_instrument_catalogue")
    assert "0 added, 0 corrected" in capsys.readouterr().out
    InstrumentCategory.objects.filter(code="0601").update(name="水表", mark="✓")
    call_command("load_instrument_catalogue")
    assert "0 added, 1 corrected" in capsys.readouterr().out
    water = InstrumentCategory.objects.get(code="0601")
    assert water.name == "冷水水表" and water.mark == "?"
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        'items:\n  - {code: "99", name: 地方补充项目, mode: periodic, period_months: 12,\n'
        '     mark: "✓", children: [{code: "9901", name: 子项目}]}\n',
        encoding="utf-8",
    )
    call_command("load_instrument_catalogue", str(extra))
    assert "2 added" in capsys.readouterr().out
    child = InstrumentCategory.objects.get(code="9901")
    assert child.parent.code == "99" and child.period_months == 12 and child.mark == ""
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_instrument_catalogue", str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("items:\n  - {code: '98'}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not an instrument catalogue"):
        call_command("load_instrument_catalogue", str(bad))
