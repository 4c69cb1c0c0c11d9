"""The pages: lists, details and the new-record forms, refusals shown on the form."""

from datetime import date

from django.urls import reverse

from zhiliang.enterprises.models import Product
from zhiliang.standards import services
from zhiliang.standards.models import Adoption, Drafting, Standard
from zhiliang.standards.tests.conftest import ITEMS


def test_lists_and_details(login, clerk, gb4706, kettle_maker):
    applied = services.enterprise_standard_create(actor=clerk, data={
        "enterprise": kettle_maker, "product": Product.objects.get(code="0107"),
        "standard": gb4706, "declared_on": date(2025, 3, 1), "items": ITEMS[:2]})  # fmt: skip
    client = login(clerk)
    for name in ("standards", "applied_list", "adoptions", "draftings", "pilots",
                 "standard_new", "applied_new", "pilot_new"):  # fmt: skip
        assert client.get(reverse(f"standards:{name}")).status_code == 200, name
    page = client.get(reverse("standards:standard", args=[gb4706.pk])).content.decode()
    assert "GB 4706.1-2005" in page and kettle_maker.name in page
    page = client.get(reverse("standards:applied", args=[applied.pk])).content.decode()
    assert "接地电阻" in page  # a safety indicator the declaration lacks
    file = client.get(reverse("enterprises:detail", args=[kettle_maker.pk])).content.decode()
    assert "GB 4706.1-2005" in file


def test_a_new_standard_in_the_wrong_format_is_shown_again_with_the_pattern(login):
    client = login("office_staff", "320412")
    form = {"number": "GB 4706.1", "title": "x", "level": "national",
            "issued_on": "2005-08-26", "implemented_on": "2006-08-01"}  # fmt: skip
    response = client.post(reverse("standards:standard_new"), form)
    assert response.status_code == 200 and "GB/T 19580-2012" in response.content.decode()
    assert not Standard.objects.exists()
    response = client.post(reverse("standards:standard_new"), {**form, "number": "GB 4706.1-2005"})
    assert response.status_code == 302
    standard = Standard.objects.get()
    response = client.post(reverse("standards:review_save", args=[standard.pk]),
                           {"reviewed_on": "2010-08-01", "conclusion": "confirmed"})  # fmt: skip
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.reviewed_on == date(2010, 8, 1)


def test_another_district_sees_neither_the_page_nor_the_form(login, clerk, kettle_maker):
    standard = services.standard_create(actor=clerk, data={
        "number": "Q/WJDQ 001-2022", "title": "电热水壶", "enterprise": kettle_maker,
        "issued_on": date(2022, 1, 1), "implemented_on": date(2022, 1, 1)})  # fmt: skip
    client = login("office_staff", "320411")
    assert client.get(reverse("standards:standard", args=[standard.pk])).status_code == 404
    answer = client.post(reverse("standards:review_save", args=[standard.pk]),
                         {"reviewed_on": "2024-01-01", "conclusion": "confirmed"})  # fmt: skip
    assert answer.status_code == 404


def test_adoptions_and_drafting_bodies_are_added_on_the_standards_page(
    login, clerk, gb4706, kettle_maker
):
    """The forms add a part to the standard: the page's record and the typed USCC reach
    the service (`record_in_data`); a USCC of another district is refused on the form."""
    client = login(clerk)
    adoption = {"foreign_number": "IEC 60335-1:2020", "foreign_body": "IEC", "degree": "MOD",
                "adopted_on": "2022-01-01", "enterprise_uscc": kettle_maker.uscc,
                "product_code": "0107"}  # fmt: skip
    answer = client.post(reverse("standards:adoption_save", args=[gb4706.pk]), adoption)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    made = Adoption.objects.get()
    assert (made.standard, made.enterprise, made.product.code) == (gb4706, kettle_maker, "0107")
    drafting = {"enterprise_uscc": kettle_maker.uscc, "role": "lead", "kind": "revision"}
    answer = client.post(reverse("standards:drafting_save", args=[gb4706.pk]), drafting)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert (Drafting.objects.get().standard, Drafting.objects.get().enterprise) == (
        gb4706, kettle_maker,
    )  # fmt: skip
    # A national standard: 新北区 sees it, but not 武进区's enterprise.
    other = login("office_staff", "320411")
    page = other.post(reverse("standards:drafting_save", args=[gb4706.pk]), drafting)
    assert page.status_code == 200 and "enterprise_uscc" in page.context["drafting_form"].errors
    assert Drafting.objects.count() == 1
