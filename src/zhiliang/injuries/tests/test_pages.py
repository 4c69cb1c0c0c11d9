"""The injury pages: lists, new case, the case's narrative for authorised staff only, and
the estimates page with unstable estimates marked in words and its export. Jurisdiction,
filters and query counts are in core/tests/test_lists.py."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.injuries.models import InjuryCase

ESTIMATES = reverse("injuries:estimates")


@pytest.mark.english
def test_new_case_page_registers_one(login, make_hospital):
    client = login("office_staff", "320412")
    hospital = make_hospital()
    assert client.get(reverse("injuries:case_new")).status_code == 200
    form = {
        "hospital": hospital.pk, "case_number": "P-1", "treated_on": "2026-02-03", "age": "40",
        "sex": "M", "body_part": "head", "diagnosis": "contusion", "disposition": "released",
        "place": "road", "product_codes": "0401 0406", "narrative": "头盔破裂。",
    }  # fmt: skip
    response = client.post(reverse("injuries:case_new"), form)
    case = InjuryCase.objects.get()
    assert response.status_code == 302 and response.url == reverse("injuries:case", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert "头盔破裂。" in page and "0406" in page
    # Bad input: the form again with the reason, nothing saved.
    for bad, reason in (
        ({"age": "121"}, "less than or equal to 120"),
        ({"product_codes": "0401 8888"}, "8888"),
        ({"treated_on": "2999-01-01"}, "cannot be in the future"),
        ({}, "already registered"),
    ):
        response = client.post(reverse("injuries:case_new"), {**form, **bad})
        assert response.status_code == 200 and reason in response.content.decode(), bad
    assert InjuryCase.objects.count() == 1


@pytest.mark.english
def test_the_narrative_is_shown_to_authorised_staff_only(login, make_hospital, make_case):
    case = make_case(make_hospital())
    url = reverse("injuries:case", args=[case.pk])
    assert (
        "骑电动自行车时刹车失灵摔倒。" in login("office_staff", "320412").get(url).content.decode()
    )
    for role in ("viewer", "inspector"):
        page = login(role, "320412").get(url).content.decode()
        assert "骑电动自行车时刹车失灵摔倒。" not in page and "authorised staff only" in page, role
    assert login("office_staff", "320411").get(url).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pages_render_for_readers_in_both_languages(login, make_hospital, make_case, language):
    hospital = make_hospital()
    case = make_case(hospital)
    for role in ("office_staff", "inspector", "viewer"):
        client = login(role, "3204")
        client.cookies["django_language"] = language
        for url in (reverse("injuries:cases"), reverse("injuries:hospitals"), ESTIMATES,
                    reverse("injuries:case", args=[case.pk]),
                    reverse("injuries:hospital", args=[hospital.pk])):  # fmt: skip
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (role, url)
    assert login("system_admin", "3204").get(ESTIMATES).status_code == 403


@pytest.mark.english
def test_estimates_page_marks_unstable_ones_and_exports(login, make_hospital, make_case):
    hospitals = [make_hospital(weight="100"), make_hospital(weight="100")]
    for n in range(30):
        make_case(hospitals[n % 2], treated_on=date(2026, 2, 1 + n % 28))
    make_case(hospitals[0], product_codes=["0107"], treated_on=date(2026, 2, 3))
    client = login("office_staff", "3204")
    query = {"start": "2026-01-01", "end": "2026-03-31", "period": "quarter"}
    page = client.get(ESTIMATES, query).content.decode()
    assert "3,000" in page and "0401" in page  # 30 cases × 100
    assert page.count('class="estimate-unstable"') == 1  # 0107: one case, estimate 100
    assert "based on fewer than 20 cases" in page and "estimate below 1,200" in page
    response = client.get(ESTIMATES, {**query, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert any(r[2] == "0401" and r[5] == 3000 for r in values)
    # Bad filters: the form with its reason, no table, no export.
    page = client.get(ESTIMATES, {"start": "2026-04-01", "end": "2026-01-01"}).content.decode()
    assert "The start lies after the end." in page and "estimate-table" not in page
    assert client.get(ESTIMATES, {"region": "320411", "product": "04"}).status_code == 200
    page = login("office_staff", "320411").get(ESTIMATES, {"region": "320412"}).content.decode()
    assert "No region with this code in your jurisdiction." in page


@pytest.mark.english
def test_new_hospital_page(login, regions):
    from zhiliang.injuries.models import SentinelHospital

    client = login("office_staff", "320412")
    url = reverse("injuries:hospital_new")
    form = {"code": "W-01", "name": "武进区哨点医院", "region_code": "320412", "stratum": "grade2",
            "weight": "7.5", "joined_on": "2025-01-01", "left_on": ""}  # fmt: skip
    response = client.post(url, form)
    hospital = SentinelHospital.objects.get()
    assert response.url == reverse("injuries:hospital", args=[hospital.pk])
    for bad, reason in (
        ({"code": "W-02", "region_code": "320411"}, "outside your jurisdiction"),
        ({"code": "W-02", "weight": "0.5"}, "greater than or equal to 1"),
        ({"code": "W-02", "left_on": "2024-12-31"}, "cannot stop reporting before"),
        ({}, "is registered"),
    ):
        response = client.post(url, {**form, **bad})
        assert response.status_code == 200 and reason in response.content.decode(), bad
    assert SentinelHospital.objects.count() == 1
    assert login("viewer", "320412").get(url).status_code == 403


@pytest.mark.english
def test_a_hospital_is_changed_from_its_page(login, make_hospital, make_case):
    hospital = make_hospital()
    make_case(hospital, treated_on=date(2026, 2, 10))
    client = login("office_staff", "320412")
    url = reverse("injuries:hospital_correct", args=[hospital.pk])
    form = {"stratum": "grade3", "weight": "4", "left_on": "2026-03-31"}
    response = client.post(url, form)
    assert response.url == reverse("injuries:hospital", args=[hospital.pk])
    hospital.refresh_from_db()
    assert (hospital.stratum, hospital.weight, str(hospital.left_on)) == ("grade3", 4, "2026-03-31")
    # Ending before a case it reported: refused on its page, nothing changed.
    response = client.post(url, {**form, "left_on": "2026-01-31"})
    assert "Cases reported by this hospital lie outside these dates." in response.content.decode()
    hospital.refresh_from_db()
    assert str(hospital.left_on) == "2026-03-31" and hospital.history.count() == 2
    assert login("viewer", "320412").post(url, form).status_code == 403
    assert login("office_staff", "320411").post(url, form).status_code == 404
