"""The complaint's rules, rights and jurisdiction, through the services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from zhiliang.complaints.models import Complaint
from zhiliang.complaints.services import (
    complaint_accept,
    complaint_close,
    complaint_create,
    complaint_update,
)
from zhiliang.complaints.tests.conftest import FRIDAY
from zhiliang.core import crypto
from zhiliang.core.workdays import add_weekdays


def test_create_copies_the_region_encrypts_the_complainant_and_sets_deadlines(
    clerk, complaint_data
):
    data = complaint_data()
    complaint = complaint_create(actor=clerk, data=data)
    assert complaint.region == data["enterprise"].region
    assert complaint.handling_unit == clerk.organization
    assert complaint.complainant_name_masked == "王**"
    assert complaint.complainant_phone_masked == "139****5678"
    assert "王小明" not in complaint.complainant_name_encrypted
    assert crypto.decrypt(complaint.complainant_name_encrypted) == "王小明"
    assert crypto.decrypt(complaint.complainant_phone_encrypted) == "13912345678"
    # 7 working days after Friday 6 March: Tuesday 17 March; 45 more from there.
    assert complaint.accept_due_on == date(2026, 3, 17)
    assert complaint.close_due_on == add_weekdays(date(2026, 3, 17), 45)
    assert complaint.history.count() == 1
    # The history keeps the masked form, never the ciphertext.
    assert not hasattr(complaint.history.first(), "complainant_name_encrypted")


def test_working_days_skip_weekends():
    assert add_weekdays(FRIDAY, 1) == date(2026, 3, 9)
    assert add_weekdays(FRIDAY, 5) == date(2026, 3, 13)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"received_on": "future"}, "received_on"),
        ({"channel": "fax"}, "channel"),
        ({"category": "weather"}, "category"),
        ({"status": "closed", "outcome": "justified", "closed_on": date(2026, 3, 1)}, "closed_on"),
        ({"status": "closed", "closed_on": date(2026, 3, 10)}, "outcome"),
        ({"outcome": "justified"}, "outcome"),
        ({"status": "handling"}, "accepted_on"),
        ({"enterprise": None}, "region"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_saved(
    clerk, complaint_data, changes, field
):
    if changes.get("received_on") == "future":
        changes["received_on"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        complaint_create(actor=clerk, data=complaint_data(**changes))
    assert field in exc.value.message_dict, exc.value.message_dict
    assert not Complaint.objects.exists()


def test_a_number_is_registered_once(clerk, complaint_data):
    complaint_create(actor=clerk, data=complaint_data())
    with pytest.raises(ValidationError, match="already registered"):
        complaint_create(actor=clerk, data=complaint_data())
    assert Complaint.objects.count() == 1


def test_another_districts_enterprise_is_not_found_and_its_region_refused(
    clerk, complaint_data, make_enterprise, regions
):
    from zhiliang.core.models import Region

    theirs = make_enterprise("320411002")
    with pytest.raises(ValidationError) as exc:
        complaint_create(actor=clerk, data=complaint_data(enterprise=theirs))
    assert exc.value.message_dict == {"enterprise": ["Not found."]}
    outside = Region.objects.get(code="320411")
    with pytest.raises(PermissionDenied):
        complaint_create(actor=clerk, data=complaint_data(enterprise=None, region=outside))
    assert not Complaint.objects.exists()


def test_roles(make_user, complaint_data, make_complaint):
    with pytest.raises(PermissionDenied):
        complaint_create(actor=make_user("viewer", "320412"), data=complaint_data())
    complaint = make_complaint()
    with pytest.raises(Http404):  # another district's office: as if it did not exist
        complaint_update(
            actor=make_user("office_staff", "320411"),
            complaint=complaint,
            data={"product_name": "x"},
        )


def test_accept_then_close_and_never_back(clerk, make_complaint):
    complaint = make_complaint()
    complaint_accept(actor=clerk, complaint=complaint, on=date(2026, 3, 9))
    assert complaint.status == "handling"
    assert complaint.close_due_on == add_weekdays(date(2026, 3, 9), 45)
    with pytest.raises(ValidationError, match="just received"):
        complaint_accept(actor=clerk, complaint=complaint, on=date(2026, 3, 9))
    with pytest.raises(ValidationError):  # closed before it was accepted
        complaint_close(actor=clerk, complaint=complaint, outcome="justified", on=FRIDAY)
    complaint.refresh_from_db()
    assert complaint.status == "handling"
    complaint_close(actor=clerk, complaint=complaint, outcome="justified", on=date(2026, 3, 20))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("closed", "justified")
    with pytest.raises(ValidationError, match="closed already"):
        complaint_close(actor=clerk, complaint=complaint, outcome="mediated")
    with pytest.raises(ValidationError, match="forward only"):
        complaint_update(
            actor=clerk,
            complaint=complaint,
            data={"status": "handling", "outcome": "", "closed_on": None},
        )
    assert complaint.history.count() == 3


def test_withdrawn_closes_straight_from_received(clerk, make_complaint):
    complaint = make_complaint()
    complaint_close(actor=clerk, complaint=complaint, outcome="withdrawn", on=FRIDAY)
    assert complaint.status == "closed" and complaint.accepted_on is None
