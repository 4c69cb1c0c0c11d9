"""Writes to the penalty and abnormal-listing registries: rights, the guard, the rules
(`Model.clean()` and the validators here), the derived publication window, history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.validators import errors_of
from zhiliang.credit.hooks import credit_event
from zhiliang.penalties import rules
from zhiliang.penalties.choices import ENDED, PenaltyStatus
from zhiliang.penalties.models import AbnormalListing, Penalty

# Looked up by the callers' scoped fields and caches; Django would check each with a query.
_LOOKED_UP = ["enterprise", "enforcing_body", "deciding_body"]
_DERIVED = ["publish_by", "public_from", "public_until"]
# Set by their own services (penalty_overturn, repair_grant), never by a create or update.
_OWN_STEPS = ("status", "status_changed_on", "repaired_on")


def _apply(obj, data: dict) -> dict:
    """Set `data` on `obj`; returns the values it had, to put back when refused (a refused
    change leaves the caller's record as it was)."""
    before = {field: getattr(obj, field, None) for field in data}
    for field, value in data.items():
        setattr(obj, field, value)
    return before


def _refuse(obj, before: dict, errors: dict):
    for field, value in before.items():
        setattr(obj, field, value)
    raise ValidationError(errors)


def _guard_references(actor, data: dict, body_field: str) -> None:
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get(body_field), body_field)


# -- penalties ----------------------------------------------------------------------------


def derive_window(penalty: Penalty) -> None:
    """The publication window from the rules; a decision no longer in force is withdrawn
    on the day its status changed (the rule allows 3 working days; we do not wait)."""
    penalty.publish_by = rules.publish_by(penalty.decided_on)
    penalty.public_from, penalty.public_until = rules.public_window(
        kind=penalty.kind,
        fine_amount=penalty.fine_amount,
        decided_on=penalty.decided_on,
        published_on=penalty.published_on,
    )
    if penalty.status in ENDED and penalty.status_changed_on:
        withdrawn = max(penalty.status_changed_on, penalty.public_from)
        penalty.public_until = min(penalty.public_until, withdrawn)
    if penalty.repaired_on:  # a granted repair takes it off the public pages that day
        penalty.public_until = min(
            penalty.public_until, max(penalty.repaired_on, penalty.public_from)
        )


def penalty_validate(*, data: dict, instance: Penalty | None = None, context=None) -> Penalty:
    """`instance` (or a new penalty) with `data` applied, checked, its window derived.
    `context` may carry the importer's `taken` (enforcing body id, decision number) pairs."""
    penalty = instance or Penalty()
    before = _apply(penalty, data)
    errors = {}
    try:
        penalty.full_clean(
            exclude=_LOOKED_UP + _DERIVED, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = errors_of(exc)
    checkable = penalty.enforcing_body_id and penalty.decision_number
    if "decision_number" not in errors and checkable and _number_taken(penalty, context or {}):
        errors["decision_number"] = [
            _("%(body)s already has a decision numbered %(n)s.")
            % {"body": penalty.enforcing_body.name, "n": penalty.decision_number}
        ]
    if errors:
        _refuse(penalty, before, errors)
    derive_window(penalty)
    return penalty


def _number_taken(penalty: Penalty, context: dict) -> bool:
    taken = context.get("taken")
    if taken is not None:
        return (penalty.enforcing_body_id, penalty.decision_number) in taken
    others = Penalty.objects.filter(
        enforcing_body_id=penalty.enforcing_body_id, decision_number=penalty.decision_number
    )
    return others.exclude(pk=penalty.pk).exists()


def _save(obj, actor):
    obj._history_user = actor
    obj.save()
    credit_event(obj.enterprise_id)  # its credit records and class, at once
    return obj


def penalty_create(*, actor, data: dict) -> Penalty:
    require_perm(actor, "penalties.add_penalty")
    _guard_references(actor, data, "enforcing_body")
    data = {k: v for k, v in data.items() if k not in _OWN_STEPS}
    return _save(penalty_validate(data=data), actor)


def penalty_update(*, actor, penalty: Penalty, data: dict) -> Penalty:
    """Correct a decision's particulars; its status changes through `penalty_overturn`."""
    require_perm(actor, "penalties.change_penalty")
    require_visible(actor, penalty)
    _guard_references(actor, data, "enforcing_body")
    data = {k: v for k, v in data.items() if k not in _OWN_STEPS}
    return _save(penalty_validate(data=data, instance=penalty), actor)


def penalty_overturn(
    *, actor, penalty: Penalty, on: date, status: str = PenaltyStatus.OVERTURNED, reason=""
) -> Penalty:
    """The decision was changed, overturned (撤销) or confirmed illegal or void: it leaves
    the public pages from that day."""
    require_perm(actor, "penalties.change_penalty")
    require_visible(actor, penalty)
    if penalty.status != PenaltyStatus.IN_FORCE:
        raise ValidationError(
            _("This decision is already %(s)s.") % {"s": penalty.get_status_display()}
        )
    if status not in ENDED:
        raise ValidationError({"status": _("Choose what happened to the decision.")})
    if not (reason or "").strip():
        raise ValidationError({"status_reason": _("Give the reason for the change.")})
    data = {"status": status, "status_changed_on": on, "status_reason": reason.strip()}
    from zhiliang.penalties.serious_services import serious_withdraw_for_penalty

    with transaction.atomic():
        penalty = _save(penalty_validate(data=data, instance=penalty), actor)
        # 总局令第44号: a listing resting on it is withdrawn as well.
        serious_withdraw_for_penalty(actor=actor, penalty=penalty, on=on)
    return penalty


def penalty_delete(*, actor, penalty: Penalty) -> None:
    """A record entered in error (its history keeps it)."""
    require_perm(actor, "penalties.delete_penalty")
    require_visible(actor, penalty)
    penalty._history_user = actor
    penalty.delete()


def penalty_bulk_create(*, actor, rows: list[dict]) -> int:
    """Insert rows the importer checked (`penalty_validate`), with history, all or nothing."""
    require_perm(actor, "penalties.add_penalty")
    objs = []
    for row in rows:
        penalty = Penalty(**row)
        derive_window(penalty)
        objs.append(penalty)
    with transaction.atomic():
        bulk_create_with_history(
            objs, Penalty, batch_size=2000, default_user=actor, default_change_reason="import"
        )
    return len(objs)


# -- abnormal listings --------------------------------------------------------------------


def listing_validate(
    *, data: dict, instance: AbnormalListing | None = None, context=None
) -> AbnormalListing:
    """`instance` (or a new listing) with `data` applied, checked: its rules and no other
    open listing of the enterprise for the same reason. `context` may carry the
    importer's `open` (enterprise id, reason) pairs."""
    listing = instance or AbnormalListing()
    before = _apply(listing, data)
    errors = {}
    try:
        listing.full_clean(exclude=_LOOKED_UP, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = errors_of(exc)
    checkable = listing.enterprise_id and listing.is_open
    if "reason" not in errors and checkable and _open_listing(listing, context or {}):
        errors["reason"] = [
            _("%(e)s is already listed for this reason; remove that listing first.")
            % {"e": listing.enterprise.name}
        ]
    if errors:
        _refuse(listing, before, errors)
    return listing


def _open_listing(listing: AbnormalListing, context: dict) -> bool:
    open_pairs = context.get("open")
    if open_pairs is not None:
        return (listing.enterprise_id, listing.reason) in open_pairs
    others = AbnormalListing.objects.filter(
        enterprise_id=listing.enterprise_id, reason=listing.reason, removed_on__isnull=True
    )
    return others.exclude(pk=listing.pk).exists()


def listing_create(*, actor, data: dict) -> AbnormalListing:
    require_perm(actor, "penalties.add_abnormallisting")
    _guard_references(actor, data, "deciding_body")
    return _save(listing_validate(data=data), actor)


def listing_update(*, actor, listing: AbnormalListing, data: dict) -> AbnormalListing:
    require_perm(actor, "penalties.change_abnormallisting")
    require_visible(actor, listing)
    _guard_references(actor, data, "deciding_body")
    return _save(listing_validate(data=data, instance=listing), actor)


def listing_remove(
    *, actor, listing: AbnormalListing, on: date | None = None, reason: str = ""
) -> AbnormalListing:
    """移出经营异常名录: on a date (default today) with its reason."""
    require_perm(actor, "penalties.change_abnormallisting")
    require_visible(actor, listing)
    if not listing.is_open:
        raise ValidationError(
            _("This listing was removed on %(d)s.") % {"d": listing.removed_on.isoformat()}
        )
    data = {"removed_on": on or timezone.localdate(), "removal_reason": (reason or "").strip()}
    return _save(listing_validate(data=data, instance=listing), actor)


def listing_delete(*, actor, listing: AbnormalListing) -> None:
    """A record entered in error (its history keeps it)."""
    require_perm(actor, "penalties.delete_abnormallisting")
    require_visible(actor, listing)
    listing._history_user = actor
    listing.delete()


def listing_bulk_create(*, actor, rows: list[dict]) -> int:
    """Insert rows the importer checked (`listing_validate`), with history, all or nothing."""
    require_perm(actor, "penalties.add_abnormallisting")
    with transaction.atomic():
        bulk_create_with_history(
            [AbnormalListing(**row) for row in rows],
            AbnormalListing,
            batch_size=2000,
            default_user=actor,
            default_change_reason="import",
        )
    return len(rows)
