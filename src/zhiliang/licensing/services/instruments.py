"""Measuring instruments and their verifications: rules and due dates."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.validators import errors_of
from zhiliang.licensing.choices import InstrumentStatus, VerificationMode
from zhiliang.licensing.dates import next_due
from zhiliang.licensing.models import Instrument, Verification
from zhiliang.licensing.services._common import _today
from zhiliang.licensing.services.certificates import certificates_expire

# Looked up by the callers' scoped fields and caches; Django would check each with a query.
_INSTRUMENT_LOOKED_UP = ["owner", "category"]
# Given with a new instrument, recorded as its first Verification: not Instrument fields.
_VERIFICATION_EXTRAS = ("verification_certificate", "verifier")


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
        errors = {**errors_of(exc), **errors}
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
