"""Certificates and licences: their rules, statuses and expiry."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.validators import errors_of
from zhiliang.credit.hooks import credit_event
from zhiliang.licensing.choices import CertificateStatus
from zhiliang.licensing.dates import ended_on
from zhiliang.licensing.models import Certificate
from zhiliang.licensing.services._common import _today

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
        errors = errors_of(exc)
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
    credit_event(certificate.holder_id)  # its credit records and class, at once
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
