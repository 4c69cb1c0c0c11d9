"""The survey pages render in both languages; a new survey through the form; scope."""

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from zhiliang.core.models import Region
from zhiliang.satisfaction import services
from zhiliang.satisfaction.models import Survey


@pytest.fixture
def survey(clerk):
    s = services.survey_create(
        actor=clerk,
        data={"code": "CS2025-WJ", "year": 2025, "title": "武进测评",
              "fieldwork_to": date(2025, 10, 1), "region": Region.objects.get(code="320412"),
              "fieldwork_from": date(2025, 9, 1)},
    )  # fmt: skip
    rows = [
        {"survey": s, "respondent": f"R{i}", "region": s.region, "sector": "consumer_services",
         "surveyed_on": date(2025, 9, 5), "answers": {"q8": 9, "q9": 8, "q10": 9}}
        for i in range(35)
    ]  # fmt: skip
    services.responses_bulk_create(actor=clerk, rows=rows)
    return s


def test_pages_render(login, clerk, survey):
    page = login(clerk)
    html = page.get(reverse("satisfaction:detail", args=[survey.pk])).content.decode()
    assert "生活性服务业" in html and "样本量较小" in html
    for name in ("satisfaction:list", "satisfaction:responses", "satisfaction:new"):
        assert page.get(reverse(name)).status_code == 200


@pytest.mark.english
def test_pages_in_english(login, clerk, survey):
    page = login(clerk)
    html = page.get(reverse("satisfaction:detail", args=[survey.pk])).content.decode()
    assert "consumer services" in html and "small sample" in html


@pytest.mark.english
def test_new_survey_form(login, clerk):
    page = login(clerk)
    data = {"code": "CS2026", "year": "2026", "title": "t", "region_code": "320411",
            "fieldwork_from": "2026-01-05", "fieldwork_to": "2026-02-01"}  # fmt: skip
    response = page.post(reverse("satisfaction:new"), data)
    assert response.status_code == 200 and "outside your jurisdiction" in response.content.decode()
    response = page.post(reverse("satisfaction:new"), {**data, "region_code": "320412"})
    assert response.status_code == 302 and Survey.objects.filter(code="CS2026").exists()


def test_other_district_is_missing(login, survey):
    page = login("office_staff", "320411")
    assert page.get(reverse("satisfaction:detail", args=[survey.pk])).status_code == 404


@pytest.mark.english
def test_a_district_reads_its_citys_survey_with_its_own_responses(login, office, clerk):
    city = services.survey_create(
        actor=office,
        data={"code": "CS2025-CZ", "year": 2025, "title": "常州测评",
              "fieldwork_to": date(2025, 10, 1), "region": office.jurisdiction,
              "fieldwork_from": date(2025, 9, 1)},
    )  # fmt: skip
    page = login(clerk)
    html = page.get(reverse("satisfaction:detail", args=[city.pk])).content.decode()
    assert "only" in html and "常州测评" in html
    # Read, not changed: the district may not edit the city's survey.
    with pytest.raises(Http404):
        services.survey_update(actor=clerk, survey=city, data={"title": "x"})
