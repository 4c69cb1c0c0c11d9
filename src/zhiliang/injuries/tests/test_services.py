"""Case and hospital rules: impossible ages and dates, unknown products, repeated numbers,
jurisdiction, the narrative for authorised staff only, history."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhiliang.injuries.models import InjuryCase, InjuryCaseProduct
from zhiliang.injuries.services import case_update, hospital_update

pytestmark = pytest.mark.english


def _refused(make_case, hospital, **changes) -> dict:
    with pytest.raises(ValidationError) as exc:
        make_case(hospital, **changes)
    return exc.value.message_dict


def test_a_case_is_registered_with_its_products_and_history(make_hospital, make_case):
    hospital = make_hospital()
    case = make_case(hospital, product_codes="0401，0403 0401")
    assert case.region == hospital.region and case.product_codes == "0401 0403"
    assert sorted(InjuryCaseProduct.objects.values_list("product__code", flat=True)) == [
        "0401", "0403"]  # fmt: skip
    assert case.history.count() == 1


def test_bad_cases_are_refused_with_their_reason(make_hospital, make_case):
    hospital = make_hospital(joined_on=date(2026, 1, 1))
    future = timezone.localdate() + timedelta(days=3)
    assert "age" in _refused(make_case, hospital, age=121)
    assert "cannot be in the future" in _refused(make_case, hospital, treated_on=future)[
        "treated_on"][0]  # fmt: skip
    assert "before the hospital began reporting" in _refused(
        make_case, hospital, treated_on=date(2025, 12, 31))["treated_on"][0]  # fmt: skip
    assert "9999" in _refused(make_case, hospital, product_codes=["0401", "9999"])[
        "product_codes"][0]  # fmt: skip
    assert "product_codes" in _refused(make_case, hospital, product_codes=[])
    assert "body_part" in _refused(make_case, hospital, body_part="tail")
    make_case(hospital, case_number="N-1")
    assert "already registered" in _refused(make_case, hospital, case_number="N-1")[
        "case_number"][0]  # fmt: skip
    # The same number at another hospital is another case.
    make_case(make_hospital(), case_number="N-1")
    assert InjuryCase.objects.count() == 2 and InjuryCaseProduct.objects.count() == 2


def test_a_district_cannot_report_for_another_districts_hospital(make_hospital, make_case,
                                                                  make_user):  # fmt: skip
    theirs = make_hospital("320411")
    clerk = make_user("office_staff", "320412")
    with pytest.raises(ValidationError) as exc:
        make_case(theirs, actor=clerk)
    assert exc.value.message_dict["hospital"] == ["Not found."]
    viewer = make_user("viewer", "320412")
    with pytest.raises(PermissionDenied):
        make_case(make_hospital(), actor=viewer)
    assert not InjuryCase.objects.exists()


def test_corrections_keep_history_and_the_hospitals_dates(make_hospital, make_case, office):
    hospital = make_hospital()
    case = make_case(hospital)
    case_update(actor=office, case=case, data={"age": 35, "product_codes": ["0404"]})
    case.refresh_from_db()
    assert (case.age, case.product_codes, case.history.count()) == (35, "0404", 2)
    assert list(InjuryCaseProduct.objects.values_list("product__code", flat=True)) == ["0404"]
    with pytest.raises(ValidationError):
        hospital_update(actor=office, hospital=hospital, data={"joined_on": date(2026, 3, 1)})
    with pytest.raises(ValidationError) as exc:
        hospital_update(actor=office, hospital=hospital, data={"stratum": "big"})
    assert "not a stratum" in str(exc.value)
