"""Writes to the complaints registry: rights, guard, the record's rules, history.

The complainant's name and phone come in as plain text (`complainant_name`,
`complainant_phone`) and are stored encrypted with their masked form beside them.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.complaints import rules
from zhiliang.complaints.choices import STATUS_ORDER, ComplaintStatus
from zhiliang.complaints.models import Complaint
from zhiliang.core import crypto
from zhiliang.core.guards import (
    require_perm,
    require_referable,
    require_visible,
    save_in_jurisdiction,
)
from zhiliang.core.masking import mask
from zhiliang.credit.hooks import credit_event

S = ComplaintStatus
# Looked up by the callers' scoped fields and the importer's caches.
_LOOKED_UP = ["region", "product", "enterprise", "handling_unit"]
# Status, outcome and dates of the handling change through accept and close, not update.
_HANDLED = ("status", "accepted_on", "outcome", "closed_on")


def mask_name(name: str) -> str:
    """张** : the family name kept."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def _personal(data: dict) -> dict:
    data = dict(data)
    for field, masker in (("complainant_name", mask_name), ("complainant_phone", mask)):
        if field in data:
            value = str(data.pop(field) or "").strip()
            data[f"{field}_encrypted"] = crypto.encrypt(value) if value else ""
            data[f"{field}_masked"] = masker(value)
    if data.get("enterprise") is not None:
        data["region"] = data["enterprise"].region
    return data


def _derive(complaint: Complaint) -> None:
    if complaint.received_on:
        complaint.accept_due_on = rules.accept_due(complaint.received_on)
        complaint.close_due_on = rules.close_due(complaint.received_on, complaint.accepted_on)


def complaint_validate(*, data: dict, instance: Complaint | None = None, context=None):
    """`instance` (or a new complaint) with `data` applied, checked: its own rules, a status
    that moves forward only, and its number not taken. `context` may carry the importer's
    `taken_numbers` and `user` (whose organisation handles it when none is named)."""
    context = context or {}
    complaint = instance or Complaint()
    before = instance.status if instance is not None and instance.pk else None
    for field, value in _personal(data).items():
        setattr(complaint, field, value)
    user = context.get("user")
    if complaint.handling_unit_id is None and user is not None and user.organization_id:
        complaint.handling_unit = user.organization
    errors = {}
    try:
        complaint.full_clean(exclude=_LOOKED_UP, validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    if complaint.region_id is None:
        errors["region"] = [_("Give the region, or the enterprise complained about.")]
    order = STATUS_ORDER.get(complaint.status), STATUS_ORDER.get(before)
    if None not in order and order[0] < order[1]:
        errors["status"] = [
            _("A complaint's status moves forward only (received, handling, closed).")
        ]
    if "number" not in errors and complaint.number and _number_taken(complaint, context):
        errors["number"] = [
            _("A complaint numbered %(n)s is already registered.") % {"n": complaint.number}
        ]
    if errors:
        raise ValidationError(errors)
    _derive(complaint)
    return complaint


def _number_taken(complaint: Complaint, context: dict) -> bool:
    taken = context.get("taken_numbers")
    if taken is not None:
        return complaint.number in taken
    return Complaint.objects.filter(number=complaint.number).exclude(pk=complaint.pk).exists()


def _guard(actor, data: dict) -> None:
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("handling_unit"), "handling_unit")


def _save(actor, complaint: Complaint) -> Complaint:
    save_in_jurisdiction(actor, complaint)
    credit_event(complaint.enterprise_id)  # its credit records and class, at once
    return complaint


def complaint_create(*, actor, data: dict) -> Complaint:
    require_perm(actor, "complaints.add_complaint")
    _guard(actor, data)
    complaint = complaint_validate(data=data, context={"user": actor})
    return _save(actor, complaint)


def complaint_update(*, actor, complaint: Complaint, data: dict) -> Complaint:
    """Correct a complaint's particulars (its status only forward, see `complaint_validate`)."""
    require_perm(actor, "complaints.change_complaint")
    require_visible(actor, complaint)
    _guard(actor, data)
    complaint = complaint_validate(data=data, instance=complaint)
    return _save(actor, complaint)


def complaint_accept(*, actor, complaint: Complaint, on: date | None = None) -> Complaint:
    """Accepted for handling (受理): received → handling."""
    require_perm(actor, "complaints.change_complaint")
    require_visible(actor, complaint)
    if complaint.status != S.RECEIVED:
        raise ValidationError(_("Only a complaint just received can be accepted."))
    data = {"status": S.HANDLING, "accepted_on": on or timezone.localdate()}
    complaint = complaint_validate(data=data, instance=complaint)
    return _save(actor, complaint)


def complaint_close(*, actor, complaint: Complaint, outcome: str, on: date | None = None):
    """Closed with its outcome (justified, unjustified, withdrawn, mediated)."""
    require_perm(actor, "complaints.change_complaint")
    require_visible(actor, complaint)
    if complaint.status == S.CLOSED:
        raise ValidationError(_("This complaint is closed already."))
    data = {"status": S.CLOSED, "outcome": outcome, "closed_on": on or timezone.localdate()}
    complaint = complaint_validate(data=data, instance=complaint)
    return _save(actor, complaint)


def complaint_delete(*, actor, complaint: Complaint) -> None:
    require_perm(actor, "complaints.delete_complaint")
    require_visible(actor, complaint)
    complaint._history_user = actor
    complaint.delete()


def complaints_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported complaints (checked by `complaint_validate`) with their history, all or
    nothing. Rows name related records by id."""
    require_perm(actor, "complaints.add_complaint")
    objs = []
    for row in rows:
        row = dict(row)
        row.setdefault("handling_unit_id", actor.organization_id)
        complaint = Complaint(**_personal(row))
        _derive(complaint)
        objs.append(complaint)
    with transaction.atomic():
        bulk_create_with_history(
            objs, Complaint, batch_size=2000, default_user=actor, default_change_reason="import"
        )
    return len(objs)
