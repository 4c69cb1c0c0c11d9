"""Chief quality officers: appointments one at a time, training records, the enterprise's
old CQO field following the current appointment, personal data masked, the credit record
of a trained CQO from the new tables, and the carry-over of the register's field."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhiliang.infrastructure import services
from zhiliang.infrastructure.models import Appointment, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("320412", established_on=date(2010, 1, 1), size_class="medium")


def test_appointment_and_training_keep_the_old_field(clerk, firm):
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": date(2023, 1, 1)}
    )
    firm.refresh_from_db()
    assert (firm.chief_quality_officer, firm.cqo_trained_on) == ("王质量", None)
    services.training_create(
        actor=clerk,
        data={"appointment": a, "course": "首席质量官任职培训", "trained_on": date(2023, 5, 6),
              "hours": Decimal(32), "certificate_number": "JS2023001"},
    )  # fmt: skip
    firm.refresh_from_db()
    assert firm.cqo_trained_on == date(2023, 5, 6)
    services.appointment_update(actor=clerk, appointment=a, data={"ended_on": date(2024, 1, 1)})
    firm.refresh_from_db()
    assert (firm.chief_quality_officer, firm.cqo_trained_on) == ("", None)
    assert a.history.count() == 2


def test_overlapping_appointments_and_bad_training_are_refused(clerk, firm):
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": date(2023, 1, 1)}
    )
    with pytest.raises(ValidationError) as exc:
        services.appointment_create(
            actor=clerk, data={"enterprise": firm, "person": "李质量",
                               "appointed_on": date(2024, 1, 1)},
        )  # fmt: skip
    assert "王*" in str(exc.value.message_dict["appointed_on"])  # named masked
    with pytest.raises(ValidationError) as exc:
        services.training_create(
            actor=clerk, data={"appointment": a, "course": "培训", "trained_on": date(2023, 2, 1),
                               "hours": Decimal(900)},
        )  # fmt: skip
    assert "hours" in exc.value.message_dict
    assert Appointment.objects.count() == 1 and not Training.objects.exists()


def test_another_districts_enterprise_is_answered_as_missing(make_user, make_enterprise):
    theirs = make_enterprise("320411")
    clerk = make_user("office_staff", "320412")
    with pytest.raises(ValidationError) as exc:
        services.appointment_create(
            actor=clerk,
            data={"enterprise": theirs, "person": "张", "appointed_on": date(2023, 1, 1)},
        )
    assert exc.value.message_dict["enterprise"] == ["Not found."]


@pytest.mark.english
def test_the_api_masks_names_for_a_viewer(api, make_user, firm):
    office = api("office_staff", "320412")
    r = office.post(
        "/api/cqo-appointments/",
        {"enterprise_uscc": firm.uscc, "person": "王质量", "phone": "13905191234",
         "appointed_on": "2023-01-01"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.json()
    assert r.json()["person"] == "王质量"  # office staff may see personal data
    viewer = api("viewer", "320412")
    body = viewer.get(f"/api/cqo-appointments/{r.json()['id']}/").json()
    assert (body["person"], body["phone"]) == ("王**", "139****1234")
    r = office.post("/api/cqo-trainings/", {"appointment": r.json()["id"], "course": "培训",
                                            "trained_on": "2099-01-01"}, format="json")  # fmt: skip
    assert r.status_code == 400 and "trained_on" in r.json()["errors"]


def test_a_trained_cqo_is_a_credit_record(clerk, firm):
    from zhiliang.credit.models import CreditRecord

    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": date(2023, 1, 1)}
    )
    services.training_create(
        actor=clerk, data={"appointment": a, "course": "培训", "trained_on": date(2023, 5, 6)}
    )
    from zhiliang.credit.services import credit_records_refresh

    credit_records_refresh(enterprise_ids=[firm.pk])
    record = CreditRecord.objects.get(enterprise=firm, kind="cqo_trained")
    assert record.occurred_on == date(2023, 5, 6)


def test_the_register_field_is_carried_over(make_enterprise):
    from zhiliang.infrastructure.services.officers import officers_carry_over

    e = make_enterprise("320412", chief_quality_officer="赵六", cqo_trained_on=date(2022, 3, 1))
    make_enterprise("320412")
    assert officers_carry_over() == 1
    assert officers_carry_over() == 0  # a second run adds nothing
    a = Appointment.objects.get(enterprise=e)
    assert (a.person, a.appointed_on) == ("赵六", None)
    assert a.trainings.get().trained_on == date(2022, 3, 1)


def test_training_rate(clerk, firm, make_enterprise):
    from zhiliang.infrastructure.selectors import training_rate

    make_enterprise("320412", size_class="large")
    make_enterprise("320412", size_class="small")  # not above designated size
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王", "appointed_on": date(2023, 1, 1)}
    )
    services.training_create(
        actor=clerk, data={"appointment": a, "course": "培训", "trained_on": date(2023, 5, 6)}
    )
    row = training_rate(user=clerk)
    assert (row["trained"], row["total"], row["rate"]) == (1, 2, 50)
