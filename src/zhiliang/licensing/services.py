"""Writes to the certificate and instrument registries: every change goes through here.

Rights and jurisdiction (core/guards), the rules (`Model.clean()` and the validators
below, which need other rows) and the derived dates (`Certificate.ended_on`,
`Instrument.next_due_on`) are kept here; serializers and forms only convert.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.licensing.choices import CertificateStatus, InstrumentStatus, VerificationMode
from zhiliang.licensing.dates import ended_on, next_due
from zhiliang.licensing.models import Certificate, Instrument, Verification

S = CertificateStatus
# Which status may follow which (revoked, cancelled and expired are final).
TRANSITIONS = {
    S.VALID: {S.SUSPENDED, S.REVOKED, S.CANCELLED, S.EXPIRED},
    S.SUSPENDED: {S.VALID, S.REVOKED, S.CANCELLED, S.EXPIRED},
    S.REVOKED: set(),
    S.CANCELLED: set(),
    S.EXPIRED: set(),
}


# Looked up by the callers' scoped fields and caches; Django would check each with a query.
_CERTIFICATE_LOOKED_UP = ["kind", "holder"]
_INSTRUMENT_LOOKED_UP = ["owner", "category"]
# Given with a new instrument, recorded as its first Verification: not Instrument fields.
_VERIFICATION_EXTRAS = ("verification_certificate", "verifier")


def _errors_of(exc: ValidationError) -> dict:
    return dict(exc.error_dict) if hasattr(exc, "error_dict") else {"__all__": exc.error_list}


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# -- certificates -----------------------------------------------------------------------


def _set_ended(cert: Certificate, today: date) -> None:
    cert.ended_on = ended_on(
        status=cert.status,
        expires_on=cert.expires_on,
        status_changed_on=cert.status_changed_on,
        today=today,
    )


def _expire_if_past(cert: Certificate, today: date) -> None:
    """A valid certificate entered or corrected with an expiry already past is expired."""
    if cert.status == S.VALID and cert.expires_on < today:
        cert.status, cert.status_changed_on = S.EXPIRED, cert.expires_on + timedelta(days=1)


def certificate_validate(*, data: dict, instance: Certificate | None = None, context=None):
    """`instance` (or a new certificate) with `data` applied, checked: its own rules and its
    number not taken for its kind. `context` may carry the importer's `taken` keys (a
    number repeated within one file is the importer's: it keeps the first row)."""
    certificate = instance or Certificate()
    for field, value in data.items():
        if field != "products":
            setattr(certificate, field, value)
    errors = {}
    try:
        certificate.full_clean(
            exclude=_CERTIFICATE_LOOKED_UP + ["ended_on"], validate_unique=False,
            validate_constraints=False,
        )  # fmt: skip
    except ValidationError as exc:
        errors = _errors_of(exc)
    if "number" not in errors and certificate.kind_id and certificate.number:
        message = _certificate_taken(certificate, context or {})
        if message:
            errors["number"] = [message]
    if errors:
        raise ValidationError(errors)
    return certificate


def _certificate_taken(certificate: Certificate, context: dict) -> str:
    kind, number = certificate.kind, certificate.number
    taken = context.get("taken")
    if taken is not None:
        found = (kind.id, number) in taken
    else:
        others = Certificate.objects.filter(kind=kind, number=number)
        found = others.exclude(pk=certificate.pk).exists()
    if found:
        return _("A %(kind)s numbered %(n)s is already registered.") % {
            "kind": kind.name,
            "n": number,
        }
    return ""


def certificate_create(*, actor, data: dict, today: date | None = None) -> Certificate:
    require_perm(actor, "licensing.add_certificate")
    data = dict(data)
    products = data.pop("products", [])
    require_referable(actor, data.get("holder"), "holder")
    cert = certificate_validate(data=data)
    today = _today(today)
    with transaction.atomic():
        if cert.status != S.VALID and cert.status_changed_on is None:
            cert.status_changed_on = today
        _expire_if_past(cert, today)
        _set_ended(cert, today)
        cert._history_user = actor
        cert.save()
        if products:
            cert.products.set(products)
    return cert


def certificate_update(
    *, actor, certificate: Certificate, data: dict, today: date | None = None
) -> Certificate:
    """Correct a certificate's particulars; its status changes go through certificate_set_status."""
    require_perm(actor, "licensing.change_certificate")
    require_visible(actor, certificate)
    data = dict(data)
    products = data.pop("products", None)
    status = data.pop("status", None)
    require_referable(actor, data.get("holder"), "holder")
    today = _today(today)
    with transaction.atomic():
        certificate_validate(data=data, instance=certificate)
        _expire_if_past(certificate, today)
        _set_ended(certificate, today)
        certificate._history_user = actor
        certificate.save()
        if products is not None:
            certificate.products.set(products)
        if status is not None and status != certificate.status:
            certificate_set_status(actor=actor, certificate=certificate, status=status, today=today)
    return certificate


def certificate_set_status(
    *, actor, certificate: Certificate, status: str, on: date | None = None, today=None
) -> Certificate:
    """Suspend, restore, revoke or cancel a certificate (on a date, default today)."""
    require_perm(actor, "licensing.change_certificate")
    require_visible(actor, certificate)
    today = _today(today)
    on = on or today
    current = S(certificate.status)
    if status not in TRANSITIONS[current]:
        raise ValidationError(
            _("A certificate that is %(a)s cannot become %(b)s.")
            % {"a": current.label, "b": S(status).label}
        )
    if on > today:
        raise ValidationError(_("The date of the change cannot be in the future."))
    if on < certificate.issued_on:
        raise ValidationError(_("The date of the change lies before the certificate was issued."))
    if status == S.VALID and certificate.expires_on < today:
        raise ValidationError(_("An expired certificate cannot be restored; record its renewal."))
    certificate.status = status
    certificate.status_changed_on = on if status != S.EXPIRED else certificate.expires_on
    _set_ended(certificate, today)
    certificate._history_user = actor
    certificate.save(update_fields=["status", "status_changed_on", "ended_on", "updated_at"])
    return certificate


def certificates_expire(*, today: date | None = None, batch_size: int = 2000) -> int:
    """Set 过期 on valid certificates past their expiry date; returns how many changed."""
    today = _today(today)
    changed = 0
    while True:
        batch = list(
            Certificate.objects.filter(status=S.VALID, expires_on__lt=today).order_by("id")[
                :batch_size
            ]
        )
        if not batch:
            return changed
        for cert in batch:
            cert.status = S.EXPIRED
            cert.status_changed_on = cert.expires_on + timedelta(days=1)
            cert.ended_on = cert.expires_on + timedelta(days=1)
        with transaction.atomic():
            bulk_update_with_history(
                batch,
                Certificate,
                ["status", "status_changed_on", "ended_on"],
                batch_size=batch_size,
                default_change_reason="expired (daily job)",
            )
        changed += len(batch)


def certificate_bulk_create(*, actor, rows: list[dict], today: date | None = None) -> int:
    """Insert rows the importer checked (`certificate_validate`) with their history, all or
    nothing."""
    require_perm(actor, "licensing.add_certificate")
    today = _today(today)
    with transaction.atomic():
        objs, products = [], []
        for row in rows:
            row = dict(row)
            products.append(row.pop("products_ids", None) or row.pop("products", []))
            cert = Certificate(**row)
            if cert.status == S.VALID and cert.expires_on < today:
                _expire_if_past(cert, today)
            elif cert.status != S.VALID and cert.status_changed_on is None:
                cert.status_changed_on = today
            _set_ended(cert, today)
            objs.append(cert)
        created = bulk_create_with_history(
            objs, Certificate, batch_size=2000, default_user=actor, default_change_reason="import"
        )
        if not all(c.pk for c in created):  # SQLite and PostgreSQL return keys; be sure
            keys = {(c.kind_id, c.number): c for c in created}
            for pk, kind_id, number in Certificate.objects.filter(
                number__in=[c.number for c in created]
            ).values_list("pk", "kind_id", "number"):
                if (kind_id, number) in keys:
                    keys[(kind_id, number)].pk = pk
        through = Certificate.products.through
        through.objects.bulk_create(
            [
                through(certificate_id=cert.pk, product_id=getattr(p, "pk", p))
                for cert, items in zip(created, products, strict=True)
                for p in items
            ],
            batch_size=5000,
        )
    return len(created)


# -- instruments --------------------------------------------------------------------------


def _apply_category_defaults(instrument: Instrument) -> None:
    category = instrument.category
    if not instrument.mode:
        instrument.mode = category.mode
    if instrument.mode == VerificationMode.PERIODIC and not instrument.period_months:
        instrument.period_months = category.period_months
    if instrument.mode == VerificationMode.FIRST_ONLY:
        instrument.period_months = None
    if instrument.last_verified_on is None:
        # No verification on record: it was due before entering use.
        instrument.next_due_on = instrument.in_use_from


def _verification_for(instrument: Instrument, data: dict) -> Verification:
    verification = Verification(instrument=instrument, **data)
    if verification.result == "pass" and instrument.mode == VerificationMode.PERIODIC:
        verification.next_due_on = next_due(
            verified_on=verification.verified_on,
            result="pass",
            mode=instrument.mode,
            period_months=instrument.period_months,
        )
    return verification


def _take_latest(instrument: Instrument, verification: Verification) -> None:
    if instrument.last_verified_on and verification.verified_on < instrument.last_verified_on:
        return  # an older verification entered late changes nothing current
    instrument.last_verified_on = verification.verified_on
    instrument.last_result = verification.result
    instrument.next_due_on = next_due(
        verified_on=verification.verified_on,
        result=verification.result,
        mode=instrument.mode,
        period_months=instrument.period_months,
    )


def _split_verification(data: dict) -> tuple[dict, dict | None]:
    data = dict(data)
    verified_on = data.pop("last_verified_on", None)
    result = data.pop("last_result", None) or ""
    extra = {
        "certificate_number": data.pop("verification_certificate", "") or "",
        "verifier": data.pop("verifier", "") or "",
    }
    if verified_on is None or not result:
        return data, None
    return data, {"verified_on": verified_on, "result": result, **extra}


def instrument_validate(*, data: dict, instance: Instrument | None = None, context=None):
    """`instance` (or a new instrument) with `data` applied and its catalogue item's
    defaults, checked: its own rules, a last verification given whole, and its serial not
    taken for its owner and item. `context` may carry the importer's `taken` keys."""
    errors = {}
    if instance is None and bool(data.get("last_verified_on")) != bool(data.get("last_result")):
        errors["__all__"] = [
            ValidationError(_("Give both the last verification date and its result, or neither."))
        ]
    instrument = instance or Instrument()
    for field, value in data.items():
        if field not in _VERIFICATION_EXTRAS:
            setattr(instrument, field, value)
    if instrument.category_id:
        _apply_category_defaults(instrument)
    try:
        instrument.full_clean(
            exclude=_INSTRUMENT_LOOKED_UP, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = {**_errors_of(exc), **errors}
    if "serial" not in errors and instrument.owner_id and instrument.category_id:
        message = _instrument_taken(instrument, context or {})
        if message:
            errors["serial"] = [message]
    if errors:
        raise ValidationError(errors)
    return instrument


def _instrument_taken(instrument: Instrument, context: dict) -> str:
    category, serial = instrument.category, instrument.serial
    key = (instrument.owner_id, category.id, serial)
    taken = context.get("taken")
    if taken is not None:
        found = key in taken
    else:
        others = Instrument.objects.filter(
            owner_id=instrument.owner_id, category=category, serial=serial
        )
        found = others.exclude(pk=instrument.pk).exists()
    if found:
        return _("This owner already has a %(c)s with serial number %(s)s.") % {
            "c": category.name,
            "s": serial,
        }
    return ""


def instrument_create(*, actor, data: dict) -> Instrument:
    """Register an instrument; a last verification given with it is recorded as one."""
    require_perm(actor, "licensing.add_instrument")
    require_referable(actor, data.get("owner"), "owner")
    instrument_validate(data=data)
    data, first = _split_verification(data)
    with transaction.atomic():
        instrument = Instrument(**data)
        _apply_category_defaults(instrument)
        verification = None
        if first:
            verification = _verification_for(instrument, first)
            _take_latest(instrument, verification)
        instrument._history_user = actor
        instrument.save()
        if verification:
            verification.instrument = instrument
            verification._history_user = actor
            verification.save()
    return instrument


def instrument_update(*, actor, instrument: Instrument, data: dict) -> Instrument:
    """Correct an instrument's particulars (verifications go through verification_record)."""
    require_perm(actor, "licensing.change_instrument")
    require_visible(actor, instrument)
    data, _ignored = _split_verification(data)
    require_referable(actor, data.get("owner"), "owner")
    instrument_validate(data=data, instance=instrument)
    if instrument.status != InstrumentStatus.IN_USE and instrument.retired_on is None:
        instrument.retired_on = timezone.localdate()
    if instrument.status == InstrumentStatus.IN_USE:
        instrument.retired_on = None
    if instrument.last_verified_on:
        instrument.next_due_on = next_due(
            verified_on=instrument.last_verified_on,
            result=instrument.last_result,
            mode=instrument.mode,
            period_months=instrument.period_months,
        )
    instrument._history_user = actor
    instrument.save()
    return instrument


def verification_record(*, actor, instrument: Instrument, data: dict) -> Verification:
    """Record a verification and move the instrument's due date on."""
    require_perm(actor, "licensing.change_instrument")
    require_visible(actor, instrument)
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        verification = _verification_for(instrument, data)
        verification.full_clean(exclude=["instrument"])
        verification._history_user = actor
        verification.save()
        _take_latest(instrument, verification)
        instrument._history_user = actor
        instrument.save()
    return verification


def instrument_bulk_create(*, actor, rows: list[dict]) -> int:
    """Insert rows the importer checked (`instrument_validate`) and their last verifications,
    all or nothing."""
    require_perm(actor, "licensing.add_instrument")
    from zhiliang.licensing.models import InstrumentCategory

    categories = {c.pk: c for c in InstrumentCategory.objects.all()}
    with transaction.atomic():
        instruments, firsts = [], []
        for row in rows:
            row = dict(row)
            if "category_id" in row:
                row["category"] = categories[row.pop("category_id")]
            if "owner_id" in row:
                row["owner_id"] = row.pop("owner_id")
            data, first = _split_verification(row)
            instrument = Instrument(**data)
            _apply_category_defaults(instrument)
            if first:
                first = _verification_for(instrument, first)
                _take_latest(instrument, first)
            instruments.append(instrument)
            firsts.append(first)
        created = bulk_create_with_history(
            instruments, Instrument, batch_size=2000, default_user=actor,
            default_change_reason="import",
        )  # fmt: skip
        verifications = []
        for instrument, first in zip(created, firsts, strict=True):
            if first is not None:
                first.instrument = instrument
                verifications.append(first)
        bulk_create_with_history(
            verifications, Verification, batch_size=2000, default_user=actor,
            default_change_reason="import",
        )  # fmt: skip
    return len(created)


def due_refresh(*, today: date | None = None) -> int:
    """The daily job: newly expired certificates plus instruments that became overdue today."""
    today = _today(today)
    expired = certificates_expire(today=today)
    newly_overdue = Instrument.objects.filter(
        status=InstrumentStatus.IN_USE, next_due_on=today - timedelta(days=1)
    ).count()
    return expired + newly_overdue
