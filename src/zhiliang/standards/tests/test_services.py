"""The registry's writes: formats refused with the expected pattern, regions and review dates
derived, declarations checked, rights and jurisdiction, the credit record of leading."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Product
from zhiliang.standards import services
from zhiliang.standards.credit import standard_led
from zhiliang.standards.models import Review, Standard
from zhiliang.standards.tests.conftest import ITEMS


def _standard(**changes):
    data = {"number": "DB3204/T 1001-2021", "title": "质量强市建设评价规范",
            "issued_on": date(2021, 9, 1), "implemented_on": date(2021, 10, 1)}  # fmt: skip
    return {**data, **changes}


def test_a_wrong_number_is_refused_with_the_expected_pattern(clerk):
    with pytest.raises(ValidationError) as exc:
        services.standard_create(actor=clerk, data=_standard(number="GB4706.1 2005",
                                                             level="national"))  # fmt: skip
    message = exc.value.message_dict["number"][0]
    assert "GB/T 19580-2012" in message and "GB(/T|/Z)?" in message
    assert not Standard.objects.exists()


def test_a_local_standard_belongs_to_the_region_of_its_number(clerk, office):
    standard = services.standard_create(actor=office, data=_standard())
    assert (standard.level, standard.region.code) == ("local", "3204")
    assert standard.review_due_on == date(2026, 9, 1)
    assert standard.reviews.get().due_on == date(2026, 9, 1)
    # A district office may not register its city's standard …
    with pytest.raises(PermissionDenied):
        services.standard_create(actor=clerk, data=_standard(number="DB3204/T 1002-2021"))
    # … but reads it (standards of the regions above), and the national ones.
    assert Standard.objects.visible_to(clerk).filter(pk=standard.pk).exists()


def test_reference_standards_need_their_own_right(make_user, gb4706):
    assert gb4706.region is None and gb4706.number == "GB 4706.1-2005"
    inspector = make_user("inspector", "320411")
    assert Standard.objects.visible_to(inspector).filter(pk=gb4706.pk).exists()
    with pytest.raises(PermissionDenied):
        services.standard_update(actor=inspector, standard=gb4706, data={"title": "x"})


def test_impossible_dates_and_duplicates_are_refused(clerk, gb4706):
    with pytest.raises(ValidationError, match="implemented on or after its issue"):
        services.standard_create(actor=clerk, data={
            "number": "GB/T 19580-2012", "title": "卓越绩效评价准则",
            "issued_on": date(2012, 3, 9), "implemented_on": date(2011, 1, 1)})  # fmt: skip
    with pytest.raises(ValidationError, match="already registered"):
        services.standard_create(actor=clerk, data={
            "number": "GB 4706.1-2005", "title": "x", "issued_on": date(2005, 8, 26),
            "implemented_on": date(2006, 8, 1)})  # fmt: skip
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="issue date"):
        services.standard_create(actor=clerk, data=_standard(number="GB/T 1-2030",
                                                             issued_on=tomorrow,
                                                             implemented_on=tomorrow))  # fmt: skip


def test_a_review_on_time_opens_the_next_cycle(office):
    standard = services.standard_create(actor=office, data=_standard())
    review = services.review_record(
        actor=office, standard=standard, reviewed_on=date(2026, 8, 1), conclusion="confirmed"
    )
    assert review.on_time
    standard.refresh_from_db()
    assert standard.review_due_on == date(2031, 8, 1)
    assert list(standard.reviews.values_list("due_on", "reviewed_on")) == [
        (date(2026, 9, 1), date(2026, 8, 1)), (date(2031, 8, 1), None)]  # fmt: skip


def test_a_late_review_is_late_and_a_withdrawal_closes_the_cycles(office):
    standard = services.standard_create(actor=office, data=_standard(
        issued_on=date(2015, 1, 1), implemented_on=date(2015, 3, 1)))  # fmt: skip
    review = services.review_record(
        actor=office, standard=standard, reviewed_on=date(2020, 6, 1), conclusion="withdraw"
    )
    assert not review.on_time
    standard.refresh_from_db()
    assert standard.withdrawn_on == date(2020, 6, 1) and standard.status == "withdrawn"
    assert Review.objects.filter(standard=standard, reviewed_on__isnull=True).count() == 0


def test_an_enterprise_standard_follows_its_enterprise(clerk, make_user, kettle_maker):
    standard = services.standard_create(actor=clerk, data={
        "number": "Q/WJDQ 001-2022", "title": "电热水壶", "enterprise": kettle_maker,
        "issued_on": date(2022, 1, 1), "implemented_on": date(2022, 1, 1)})  # fmt: skip
    assert standard.region == kettle_maker.region
    assert standard.review_due_on == date(2025, 1, 1)  # three years for an enterprise's
    other = make_user("office_staff", "320411")
    assert not Standard.objects.visible_to(other).filter(pk=standard.pk).exists()
    with pytest.raises(Http404):
        services.standard_update(actor=other, standard=standard, data={"title": "x"})


def test_a_declaration_is_checked_for_its_safety_indicators(clerk, kettle_maker, gb4706):
    kettle = Product.objects.get(code="0107")
    applied = services.enterprise_standard_create(actor=clerk, data={
        "enterprise": kettle_maker, "product": kettle, "standard": gb4706,
        "declared_on": date(2025, 3, 1), "items": ITEMS[:3] + [{"indicator": "发热", "method": ""}],
    })  # fmt: skip
    assert not applied.complete
    assert {"gap": "method", "name": "发热"} in applied.gaps
    assert {"gap": "indicator", "name": "输入功率和电流"} in applied.gaps
    assert applied.made.product == kettle and applied.region == kettle_maker.region
    applied = services.enterprise_standard_update(
        actor=clerk, enterprisestandard=applied, data={"items": ITEMS}
    )
    assert applied.complete and applied.gaps == []
    with pytest.raises(ValidationError, match="already recorded"):
        services.enterprise_standard_create(actor=clerk, data={
            "enterprise": kettle_maker, "product": kettle, "standard": gb4706})  # fmt: skip


def test_a_product_not_made_or_a_withdrawn_standard_is_refused(clerk, kettle_maker, gb4706):
    with pytest.raises(ValidationError, match="does not make"):
        services.enterprise_standard_create(actor=clerk, data={
            "enterprise": kettle_maker, "product": Product.objects.get(code="0101"),
            "standard": gb4706})  # fmt: skip
    old = services.standard_create(actor=clerk, data={
        "number": "GB 4706.1-1998", "title": "旧版", "issued_on": date(1998, 7, 8),
        "implemented_on": date(1999, 6, 1), "withdrawn_on": date(2006, 8, 1),
        "replaced_by": gb4706})  # fmt: skip
    with pytest.raises(ValidationError, match="replaced by GB 4706.1-2005"):
        services.enterprise_standard_create(actor=clerk, data={
            "enterprise": kettle_maker, "product": Product.objects.get(code="0107"),
            "standard": old})  # fmt: skip


def test_leading_a_national_standard_is_a_positive_credit_record(clerk, kettle_maker, gb4706):
    drafting = services.drafting_create(
        actor=clerk,
        data={"standard": gb4706, "enterprise": kettle_maker, "role": "lead", "kind": "revision"},
    )
    assert drafting.region == kettle_maker.region
    services.drafting_create(
        actor=clerk,
        data={
            "standard": gb4706,
            "organization_name": "武进区标准化协会",
            "region": Region.objects.get(code="320412"),
            "role": "member",
            "kind": "revision",
        },
    )
    rows = list(standard_led(None, timezone.localdate()))
    assert [(r["r_enterprise"], r["r_detail"], r["r_occurred"]) for r in rows] == [
        (kettle_maker.pk, "GB 4706.1-2005", date(2005, 8, 26))]  # fmt: skip
    with pytest.raises(ValidationError, match="recorded already"):
        services.drafting_create(
            actor=clerk,
            data={"standard": gb4706, "enterprise": kettle_maker, "role": "member", "kind": "new"},
        )


def test_adoptions_by_a_standard_or_an_enterprise_product(clerk, kettle_maker, gb4706):
    by_standard = services.adoption_create(actor=clerk, data={
        "standard": gb4706, "foreign_number": "IEC  60335-1:2004", "foreign_body": "IEC",
        "degree": "IDT", "adopted_on": date(2005, 8, 26)})  # fmt: skip
    assert by_standard.region is None and by_standard.foreign_number == "IEC 60335-1:2004"
    by_product = services.adoption_create(actor=clerk, data={
        "enterprise": kettle_maker, "product": Product.objects.get(code="0107"),
        "foreign_number": "IEC 60335-2-15:2016", "foreign_body": "IEC", "degree": "MOD",
        "adopted_on": date(2024, 1, 1)})  # fmt: skip
    assert by_product.made is not None and by_product.region == kettle_maker.region
    with pytest.raises(ValidationError, match="IDT, MOD or NEQ"):
        services.adoption_create(actor=clerk, data={
            "standard": gb4706, "foreign_number": "ISO 1", "foreign_body": "ISO",
            "degree": "EQV", "adopted_on": date(2005, 1, 1)})  # fmt: skip


def test_pilots_stay_in_their_region(clerk, make_enterprise):
    township = Region.objects.subtree("320412").filter(level=RegionLevel.TOWNSHIP).first()
    data = {"name": "试点", "level": "provincial", "kind": "pilot", "field": "industry",
            "region": township, "enterprise": make_enterprise("320412"),
            "starts_on": date(2024, 1, 1), "ends_on": date(2026, 12, 31)}  # fmt: skip
    with pytest.raises(ValidationError, match="outside the pilot's region"):
        services.pilot_create(actor=clerk, data=data)
    # Another district's enterprise is answered as a missing one.
    with pytest.raises(ValidationError, match="Not found"):
        services.pilot_create(actor=clerk, data={**data, "enterprise": make_enterprise("320411")})
