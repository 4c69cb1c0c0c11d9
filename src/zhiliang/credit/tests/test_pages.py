"""The credit pages and API: who sees classes, the override form, bad input, the sections."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhiliang.credit.models import CreditClass
from zhiliang.credit.scoring import classify
from zhiliang.credit.services import credit_records_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def classified(firm, make_enterprise, make_penalty):
    make_penalty(firm, kind="licence_revocation")
    other = make_enterprise("320411")
    credit_records_refresh()
    classify()
    return {"mine": CreditClass.objects.get(enterprise=firm), "other": other.credit_class}


def test_the_enterprise_page_shows_the_class_with_reasons(login, classified, firm):
    page = login("office_staff").get(reverse("enterprises:detail", args=[firm.pk]))
    body = page.content.decode()
    assert 'id="enterprise-credit"' in body and "credit-class" in body
    assert "被吊销许可证件或责令关闭，直接列为 D 类" in body


@pytest.mark.parametrize("role", ["viewer", "department_reporter"])
def test_classes_are_not_shown_to_other_roles(login, classified, firm, role):
    client = login(role)
    page = client.get(reverse("enterprises:detail", args=[firm.pk]))
    assert page.status_code == 200 and 'id="enterprise-credit"' not in page.content.decode()
    assert client.get(reverse("credit:classes")).status_code == 403
    assert client.get(reverse("credit:class", args=[classified["mine"].pk])).status_code == 403


def test_inspectors_see_but_do_not_override(login, classified):
    client = login("inspector")
    mine = classified["mine"]
    page = client.get(reverse("credit:class", args=[mine.pk]))
    assert page.status_code == 200 and 'id="override-form"' not in page.content.decode()
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    posted = client.post(
        reverse("credit:class-override", args=[mine.pk]),
        {"risk_class": "A", "reason": "x", "until": until},
    )
    assert posted.status_code == 403
    assert client.get(reverse("credit:backtest")).status_code == 403


def test_override_through_the_page(login, classified, firm):
    client = login("office_staff")
    mine = classified["mine"]
    url = reverse("credit:class-override", args=[mine.pk])
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    refused = client.post(url, {"risk_class": "B", "reason": "", "until": until})
    assert refused.status_code == 200 and 'id="override-form"' in refused.content.decode()
    past = client.post(url, {"risk_class": "B", "reason": "核查", "until": "2020-01-01"})
    assert "must lie in the future" in past.content.decode() or "未来" in past.content.decode()
    mine.refresh_from_db()
    assert mine.effective_class == "D"
    done = client.post(url, {"risk_class": "B", "reason": "现场核查已整改", "until": until})
    assert done.status_code == 302
    firm.refresh_from_db()
    assert firm.risk_class == "B"
    client.post(reverse("credit:class-override-end", args=[mine.pk]))
    firm.refresh_from_db()
    assert firm.risk_class == "D"


def test_another_districts_class_is_missing(login, classified):
    client = login("office_staff")
    other = classified["other"]
    assert client.get(reverse("credit:class", args=[other.pk])).status_code == 404
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    posted = client.post(
        reverse("credit:class-override", args=[other.pk]),
        {"risk_class": "A", "reason": "x", "until": until},
    )
    assert posted.status_code == 404


def test_api_override_and_bad_input(api, classified):
    client = api("office_staff")
    mine, other = classified["mine"], classified["other"]
    url = reverse("creditclass-override", args=[mine.pk])
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert client.post(url, {"risk_class": "B", "until": until}, format="json").status_code == 400
    assert client.post(url, {"risk_class": "E", "reason": "x", "until": until}).status_code == 400
    ok = client.post(url, {"risk_class": "B", "reason": "核查", "until": until}, format="json")
    assert ok.status_code == 200 and ok.json()["effective_class"] == "B"
    assert ok.json()["override_active"] is True
    outside = reverse("creditclass-override", args=[other.pk])
    assert (
        client.post(outside, {"risk_class": "B", "reason": "x", "until": until}).status_code == 404
    )
    assert client.get(reverse("creditclass-detail", args=[other.pk])).status_code == 404
    assert client.put(reverse("creditclass-detail", args=[mine.pk]), {}).status_code in (403, 405)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_backtest_page_says_demo_data_is_synthetic(login, classified, language):
    client = login("office_staff")
    client.cookies["django_language"] = language
    page = client.get(reverse("credit:backtest"))
    assert page.status_code == 200
    assert 'id="synthetic-note"' in page.content.decode()
    assert 'id="backtest-table"' in page.content.decode()
    bad = client.get(reverse("credit:backtest"), {"cutoff": "2025-13-45"})
    assert bad.status_code == 200 and 'id="backtest-table"' not in bad.content.decode()


def test_sampling_plan_shows_the_classes(login, office, classified):
    from zhiliang.inspections import services as sampling

    plan = sampling.sampling_plan_create(
        actor=office,
        data={"name": "计划", "level": "city", "year": 2025, "authority": office.organization,
              "region": office.jurisdiction},
    )  # fmt: skip
    page = login(office).get(reverse("inspections:plan", args=[plan.pk]))
    body = page.content.decode()
    assert 'id="plan-steering"' in body
    assert "61 % – 100 %" in body
    viewer = login("viewer", "3204").get(reverse("inspections:plan", args=[plan.pk]))
    assert 'id="plan-steering"' not in viewer.content.decode()
