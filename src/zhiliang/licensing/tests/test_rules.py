"""Expiry and status rules of certificates, due dates of instruments."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhiliang.licensing import services
from zhiliang.licensing.dates import add_months, ended_on, next_due
from zhiliang.licensing.models import Certificate, CertificateKind, Instrument, InstrumentCategory


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 6) == date(2026, 5, 15)
    assert add_months(date(2025, 3, 15), 12) == date(2026, 3, 15)


def test_next_due_by_mode_and_result():
    day = date(2025, 3, 15)
    assert next_due(verified_on=day, result="pass", mode="periodic", period_months=6) == date(
        2025, 9, 15
    )
    assert next_due(verified_on=day, result="pass", mode="first_only", period_months=None) is None
    # A failed instrument must be verified again before use: due at once.
    assert next_due(verified_on=day, result="fail", mode="periodic", period_months=6) == day


def test_ended_on():
    expires = date(2026, 5, 31)
    today = date(2025, 1, 1)
    assert ended_on(status="valid", expires_on=expires, status_changed_on=None, today=today) == (
        date(2026, 6, 1)
    )
    assert ended_on(
        status="revoked", expires_on=expires, status_changed_on=date(2025, 2, 3), today=today
    ) == date(2025, 2, 3)


def test_catalogue_data_loaded_with_sources(catalogues):
    ccc = CertificateKind.objects.get(code="ccc")
    assert ccc.validity_years == 5 and ccc.renewal_window_days == 90 and "90" in ccc.source
    assert CertificateKind.objects.get(code="iso9001").validity_years == 3
    dispenser = InstrumentCategory.objects.get(code="03")
    assert dispenser.mode == "periodic" and dispenser.period_months
    water = InstrumentCategory.objects.get(code="0601")
    assert water.parent.code == "06" and water.mode == "first_only" and water.period_months is None


def test_create_past_expiry_is_stored_expired(clerk, make_enterprise, catalogues):
    holder = make_enterprise("320412001")
    cert = services.certificate_create(
        actor=clerk,
        data={
            "kind": CertificateKind.objects.get(code="ccc"),
            "number": "2019010101000001",
            "holder": holder,
            "issued_on": date(2019, 1, 1),
            "expires_on": date(2023, 12, 31),
        },
        today=date(2025, 6, 1),
    )
    assert cert.status == "expired" and cert.ended_on == date(2024, 1, 1)


def test_status_transitions(clerk, make_enterprise, make_certificate):
    cert = make_certificate(make_enterprise("320412001"), expires_on=date(2030, 1, 1))
    services.certificate_set_status(
        actor=clerk, certificate=cert, status="suspended", on=date(2025, 3, 1)
    )
    cert.refresh_from_db()
    assert cert.status == "suspended" and cert.ended_on == date(2025, 3, 1)
    services.certificate_set_status(actor=clerk, certificate=cert, status="valid")
    cert.refresh_from_db()
    assert cert.status == "valid" and cert.ended_on == date(2030, 1, 2)
    services.certificate_set_status(actor=clerk, certificate=cert, status="revoked")
    with pytest.raises(ValidationError, match="cannot become"):
        services.certificate_set_status(actor=clerk, certificate=cert, status="valid")
    assert cert.history.count() >= 4


def test_status_change_in_the_future_or_outside_jurisdiction_is_refused(
    clerk, make_user, make_enterprise, make_certificate
):
    cert = make_certificate(make_enterprise("320412001"))
    with pytest.raises(ValidationError, match="future"):
        services.certificate_set_status(
            actor=clerk, certificate=cert, status="revoked", on=date(2999, 1, 1)
        )
    other = make_user("office_staff", "320411")
    with pytest.raises(Http404):  # another district's certificate: as if it did not exist
        services.certificate_set_status(actor=other, certificate=cert, status="revoked")
    viewer = make_user("viewer", "320412")
    with pytest.raises(PermissionDenied):
        services.certificate_set_status(actor=viewer, certificate=cert, status="revoked")
    cert.refresh_from_db()
    assert cert.status == "valid"


def test_daily_job_expires_only_valid_certificates_past_expiry(make_enterprise, make_certificate):
    from zhiliang.licensing.tasks import refresh_due

    e = make_enterprise("320412001")
    past = make_certificate(e, issued_on=date(2020, 1, 1), expires_on=date(2025, 5, 31))
    last_day = make_certificate(e, issued_on=date(2020, 6, 1), expires_on=date(2025, 6, 1))
    suspended = make_certificate(
        e,
        issued_on=date(2020, 1, 1),
        expires_on=date(2025, 1, 1),
        status="suspended",
        status_changed_on=date(2024, 6, 1),
    )
    count = refresh_due.call(today="2025-06-01")
    past.refresh_from_db(), last_day.refresh_from_db(), suspended.refresh_from_db()
    assert past.status == "expired" and past.status_changed_on == date(2025, 6, 1)
    assert last_day.status == "valid"  # valid through its expiry day
    assert suspended.status == "suspended"
    assert count == 1
    assert past.history.first().history_change_reason == "expired (daily job)"
    assert refresh_due.call(today="2025-06-01") == 0  # a second run changes nothing


def test_daily_job_counts_instruments_that_fell_overdue(make_enterprise, make_instrument):
    from zhiliang.licensing.tasks import refresh_due

    e = make_enterprise("320412001")
    make_instrument(e, "1101", verified_on=date(2024, 5, 31))  # due 2025-05-31
    make_instrument(e, "1101", verified_on=date(2024, 6, 1))  # due 2025-06-01
    assert refresh_due.call(today="2025-06-01") == 1


def test_verification_moves_the_due_date(clerk, make_enterprise, make_instrument):
    inst = make_instrument(make_enterprise("320412001"), "1601", verified_on=date(2024, 1, 10))
    assert inst.period_months == 6 and inst.next_due_on == date(2024, 7, 10)
    services.verification_record(
        actor=clerk, instrument=inst, data={"verified_on": date(2024, 7, 1), "result": "fail"}
    )
    inst.refresh_from_db()
    assert inst.last_result == "fail" and inst.next_due_on == date(2024, 7, 1)
    v = services.verification_record(
        actor=clerk, instrument=inst, data={"verified_on": date(2024, 7, 20), "result": "pass"}
    )
    inst.refresh_from_db()
    assert inst.next_due_on == date(2025, 1, 20) and v.next_due_on == date(2025, 1, 20)
    # An older verification entered late does not move the current due date.
    services.verification_record(
        actor=clerk, instrument=inst, data={"verified_on": date(2023, 7, 1), "result": "pass"}
    )
    inst.refresh_from_db()
    assert inst.last_verified_on == date(2024, 7, 20) and inst.verifications.count() == 3


def test_first_only_instruments_are_never_due(clerk, make_enterprise, catalogues):
    inst = services.instrument_create(
        actor=clerk,
        data={
            "owner": make_enterprise("320412001"),
            "category": InstrumentCategory.objects.get(code="0601"),
            "serial": "W-1",
            "in_use_from": date(2024, 1, 1),
            "last_verified_on": date(2023, 12, 20),
            "last_result": "pass",
        },
    )
    assert inst.mode == "first_only" and inst.period_months is None and inst.next_due_on is None
    assert inst.verifications.get().next_due_on is None


def test_verification_in_the_future_is_refused(clerk, make_enterprise, make_instrument):
    inst = make_instrument(make_enterprise("320412001"), "1101")
    with pytest.raises(ValidationError):
        services.verification_record(
            actor=clerk, instrument=inst, data={"verified_on": date(2999, 1, 1), "result": "pass"}
        )
    assert not inst.verifications.exists()


def test_scrapping_sets_the_retirement_date(clerk, make_enterprise, make_instrument):
    inst = make_instrument(make_enterprise("320412001"), "1101")
    services.instrument_update(actor=clerk, instrument=inst, data={"status": "scrapped"})
    inst.refresh_from_db()
    assert inst.retired_on is not None
    assert Instrument.objects.filter(status="scrapped").count() == 1
    assert Certificate.objects.count() == 0
