"""Correcting and deleting registry records on their pages: the form filled from the
record, a refusal shown with its reason and nothing changed, another district answered
as missing, the history kept."""

from datetime import date

import pytest
from django.urls import reverse

from zhiliang.core.models import Region
from zhiliang.enterprises.models import Product
from zhiliang.standards import services
from zhiliang.standards.models import Adoption, EnterpriseStandard, Pilot, Standard
from zhiliang.standards.tests.conftest import ITEMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(clerk, kettle_maker):
    """A standard a district office may change: an enterprise standard of its own."""
    return services.standard_create(actor=clerk, data={
        "number": "Q/WJDQ 001-2022", "title": "电热水壶质量要求", "enterprise": kettle_maker,
        "issued_on": date(2022, 1, 1), "implemented_on": date(2022, 2, 1)})  # fmt: skip


def pilot_of(clerk):
    return services.pilot_create(actor=clerk, data={
        "name": "武进区家电标准化试点", "level": "provincial", "kind": "pilot",
        "field": "industry", "region": Region.objects.get(code="320412"),
        "undertaker": "武进区市场监管局", "starts_on": date(2023, 1, 1),
        "ends_on": date(2025, 12, 31), "status": "building"})  # fmt: skip


def test_the_standard_page_offers_its_correction_in_chinese(login, clerk, local):
    page = login(clerk).get(reverse("standards:standard", args=[local.pk])).content.decode()
    assert "更正记录" in page and 'value="Q/WJDQ 001-2022"' in page and "删除" in page


@pytest.mark.english
def test_a_standard_corrected_and_a_refusal_shown_in_english(login, clerk, local, kettle_maker):
    client = login(clerk)
    page = client.get(reverse("standards:standard", args=[local.pk])).content.decode()
    assert "Correct the record" in page and "电热水壶质量要求" in page
    url = reverse("standards:standard_edit", args=[local.pk])
    form = {"number": "Q/WJDQ 001-2022", "title": "电热水壶通用质量要求", "level": "enterprise",
            "enterprise_uscc": kettle_maker.uscc, "issued_on": "2022-01-01",
            "implemented_on": "2022-02-01"}  # fmt: skip
    answer = client.post(url, {**form, "number": "Q/WJDQ 001"})  # no year: not a number
    assert answer.status_code == 200
    assert "GB/T 19580-2012" in answer.content.decode()  # the pattern, on the form
    local.refresh_from_db()
    assert local.title == "电热水壶质量要求"
    assert client.post(url, form).status_code == 302
    local.refresh_from_db()
    assert local.title == "电热水壶通用质量要求"
    assert local.history.first().history_user == clerk


@pytest.mark.english
def test_a_standard_still_applied_is_not_deleted(login, clerk, local, kettle_maker):
    applied = services.enterprise_standard_create(actor=clerk, data={
        "enterprise": kettle_maker, "product": Product.objects.get(code="0107"),
        "standard": local, "declared_on": date(2025, 3, 1), "items": ITEMS})  # fmt: skip
    client = login(clerk)
    answer = client.post(reverse("standards:standard_delete", args=[local.pk]), follow=True)
    assert "cannot be deleted" in answer.content.decode()
    assert Standard.objects.filter(pk=local.pk).exists()
    url = reverse("standards:applied_edit", args=[applied.pk])
    form = {"enterprise_uscc": kettle_maker.uscc, "product_code": "0107",
            "standard_number": local.number, "declared_on": "2025-03-02",
            "items": "泄漏电流：GB 4706.1 第13章"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    applied.refresh_from_db()
    assert applied.declared_on == date(2025, 3, 2) and len(applied.items) == 1
    delete = reverse("standards:applied_delete", args=[applied.pk])
    assert client.post(delete).status_code == 302
    assert not EnterpriseStandard.objects.exists()
    answer = client.post(reverse("standards:standard_delete", args=[local.pk]))
    assert answer.status_code == 302 and answer.url == reverse("standards:standards")
    assert not Standard.objects.filter(pk=local.pk).exists()


def test_another_district_changes_nothing(login, clerk, local, kettle_maker):
    pilot = pilot_of(clerk)
    client = login("office_staff", "320411")
    for name, pk in (("standard_edit", local.pk), ("standard_delete", local.pk),
                     ("pilot_edit", pilot.pk), ("pilot_delete", pilot.pk)):  # fmt: skip
        assert client.post(reverse(f"standards:{name}", args=[pk]), {}).status_code == 404, name
    assert Standard.objects.filter(pk=local.pk).exists() and Pilot.objects.exists()


def test_a_pilot_corrected_and_an_adoption_removed(login, clerk, local, kettle_maker):
    pilot = pilot_of(clerk)
    client = login(clerk)
    page = client.get(reverse("standards:pilot", args=[pilot.pk])).content.decode()
    assert "武进区家电标准化试点" in page and "更正记录" in page
    form = {"name": "武进区家电标准化试点（二期）", "level": "provincial", "kind": "pilot",
            "field": "industry", "region_code": "320412", "undertaker": "武进区市场监管局",
            "starts_on": "2023-01-01", "ends_on": "2022-12-31", "status": "building"}  # fmt: skip
    answer = client.post(reverse("standards:pilot_edit", args=[pilot.pk]), form)
    assert answer.status_code == 200 and answer.context["edit_form"].errors  # ends too early
    pilot.refresh_from_db()
    assert pilot.name == "武进区家电标准化试点"
    form["ends_on"] = "2026-12-31"
    assert client.post(reverse("standards:pilot_edit", args=[pilot.pk]), form).status_code == 302
    pilot.refresh_from_db()
    assert pilot.name.endswith("（二期）") and pilot.history.count() == 2
    adoption = services.adoption_create(actor=clerk, data={
        "standard": local, "enterprise": kettle_maker, "product": Product.objects.get(code="0107"),
        "foreign_number": "IEC 60335-2-15:2016", "foreign_body": "IEC", "degree": "MOD",
        "adopted_on": date(2022, 1, 1)})  # fmt: skip
    answer = client.post(reverse("standards:adoption_delete", args=[adoption.pk]))
    assert answer.status_code == 302
    assert answer.url == reverse("standards:standard", args=[local.pk])
    assert not Adoption.objects.exists()
