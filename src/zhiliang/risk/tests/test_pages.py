"""The risk pages: overview, signals, risk information (new, list, detail, export)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.risk.models import RiskInformation

pytestmark = pytest.mark.english


def _form(**changes):
    form = {
        "source_kind": "foreign",
        "reference": "A12/00001/26",
        "product_code": "0401",
        "hazard": "fire",
        "region_code": "320412",
        "enterprise_uscc": "",
        "occurred_on": "2026-03-02",
        "text": "Battery overheats while charging.",
    }
    form.update(changes)
    return form


def test_new_item_page_registers_one_and_refuses_bad_input(login, catalogue):
    client = login("office_staff", "320412")
    url = reverse("risk:information-new")
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    item = RiskInformation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("risk:information-detail", args=[item.pk])
    page = client.get(response.url).content.decode()
    assert "fire and burns" in page and "A12/00001/26" in page
    assert item.history.count() == 1 and item.history.first().history_user == client.user
    # Bad input: the form again with its reason, nothing saved.
    for bad, reason in (
        ({"reference": "A12/00001/26"}, "already registered"),
        ({"reference": "X", "product_code": "9999"}, "not a product code"),
        ({"reference": "Y", "region_code": "320411"}, "outside your jurisdiction"),
        ({"reference": "Z", "occurred_on": "2999-01-01"}, "future"),
        ({"reference": "W", "region_code": ""}, "Give the region"),
    ):
        response = client.post(url, _form(**bad))
        assert response.status_code == 200 and reason in response.content.decode(), bad
    assert RiskInformation.objects.count() == 1


def test_list_filters_and_exports(login, catalogue):
    client = login("office_staff", "320412")
    client.post(reverse("risk:information-new"), _form())
    client.post(reverse("risk:information-new"), _form(reference="B-2", product_code="0107"))
    url = reverse("risk:information")
    page = client.get(url, {"product": "04"}).content.decode()
    assert "A12/00001/26" in page and "B-2" not in page
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 3 and "foreign notification" in rows[1][1]


def test_the_overview_and_the_signals_of_the_planted_problem(login, changzhou):
    from zhiliang.risk.demo import demo_risk_step
    from zhiliang.risk.models import Signal

    demo_risk_step(seed=1)
    client = login("office_staff", "3204")
    page = client.get(reverse("risk:page")).content.decode()
    assert 'id="signal-grid"' in page and "武进区" in page
    assert "False alarms per 100 cell-periods" in page
    assert "0401 电动自行车" in page and "cumulative sum" in page
    signal = Signal.objects.filter(region__code="320412", product__code="0401").first()
    detail = client.get(reverse("risk:signal", args=[signal.pk])).content.decode()
    assert "0401 电动自行车" in detail and "_" not in detail.split('id="signal-words"')[1][:40]
    listed = client.get(reverse("risk:signals"), {"product": "0401"}).content.decode()
    assert "电动自行车" in listed
    home = client.get(reverse("home")).content.decode()
    assert 'id="panel-signals"' in home and "电动自行车" in home
    # 新北区 sees none of 武进区's signals.
    other = login("office_staff", "320411")
    assert other.get(reverse("risk:signal", args=[signal.pk])).status_code == 404


def test_administrators_do_not_see_the_risk_pages(login):
    client = login("system_admin", "3204")
    for name in ("risk:page", "risk:signals", "risk:information"):
        assert client.get(reverse(name)).status_code == 403
