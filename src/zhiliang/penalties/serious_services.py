"""Writes to the serious-violation list and to repair applications: each step a service
with the actor (role check, jurisdiction guard, the rules, history).

    proposed → notified (objection window) → decided → published
             ↘ dropped   ↘ dropped                      → removal applied → removed early
                                                          (refused: published again)
    decided / published / removal applied → expired at the end of the period (daily job)

A step taken out of turn is refused with the step the listing is at."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.validators import errors_of
from zhiliang.credit.hooks import credit_event
from zhiliang.penalties import listing_rules
from zhiliang.penalties.choices import LISTED, PenaltyStatus, RepairStatus, SeriousStatus
from zhiliang.penalties.models import (
    Penalty,
    PenaltyRepair,
    RepairEvidence,
    SeriousEvidence,
    SeriousViolation,
)
from zhiliang.penalties.services import _apply, _refuse, derive_window

S = SeriousStatus
_PARTICULARS = (
    "enterprise",
    "deciding_body",
    "penalty",
    "category",
    "legal_basis",
    "facts",
    "proposed_on",
)
_LOOKED_UP = ["enterprise", "deciding_body", "penalty"]


def _checked(obj, data: dict, *, exclude=()):
    """`obj` with `data` applied and checked; refused: `obj` as it was."""
    before = _apply(obj, data)
    try:
        obj.full_clean(exclude=[*_LOOKED_UP, *exclude], validate_constraints=False)
    except ValidationError as exc:
        _refuse(obj, before, errors_of(exc))
    return obj


def _save(obj, actor, reason: str = ""):
    obj._history_user = actor
    if reason:
        obj._change_reason = reason[:100]
    obj.save()
    # A listing or a repaired penalty: the enterprise's credit records and class, at once.
    credit_event(getattr(obj, "enterprise_id", None))
    return obj


def _at(listing: SeriousViolation, *allowed) -> None:
    """Refuse a step the listing is not ready for, naming the step it is at."""
    if listing.status not in allowed:
        raise ValidationError(
            _("Not possible at this step: the listing is %(s)s.")
            % {"s": listing.get_status_display()}
        )


def _writable(actor, listing) -> None:
    require_perm(actor, "penalties.change_seriousviolation")
    require_visible(actor, listing)


def _reason(text: str, field: str = "removal_reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Give the reason.")})
    return text


# -- the serious-violation list -----------------------------------------------------------


def serious_validate(*, data: dict, instance=None, context=None) -> SeriousViolation:
    return _checked(instance or SeriousViolation(), data)


def serious_propose(*, actor, data: dict, evidence=()) -> SeriousViolation:
    """拟列入: the enterprise, the deciding body, the kind, the legal basis, the facts, and
    the evidence files it rests on (each checked; one refused: nothing is proposed)."""
    require_perm(actor, "penalties.add_seriousviolation")
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("deciding_body"), "deciding_body")
    require_referable(actor, data.get("penalty"), "penalty")
    data = {k: v for k, v in data.items() if k in _PARTICULARS}
    data.setdefault("proposed_on", timezone.localdate())
    listing = serious_validate(data=data)
    with transaction.atomic():
        _save(listing, actor)
        for upload in evidence:
            _evidence(actor, SeriousEvidence(listing=listing), upload)
    return listing


def serious_update(*, actor, listing: SeriousViolation, data: dict) -> SeriousViolation:
    """Correct a proposal's particulars (before the enterprise is notified)."""
    _writable(actor, listing)
    _at(listing, S.PROPOSED)
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("deciding_body"), "deciding_body")
    require_referable(actor, data.get("penalty"), "penalty")
    data = {k: v for k, v in data.items() if k in _PARTICULARS}
    return _save(serious_validate(data=data, instance=listing), actor)


def serious_notify(*, actor, listing, on: date | None = None) -> SeriousViolation:
    """告知: the enterprise is told; its objection window runs from that day."""
    _writable(actor, listing)
    _at(listing, S.PROPOSED)
    on = on or timezone.localdate()
    data = {
        "status": S.NOTIFIED,
        "notified_on": on,
        "objection_until": listing_rules.objection_until(on),
    }
    return _save(_checked(listing, data), actor)


def serious_drop(*, actor, listing, on: date | None = None, reason: str = "") -> SeriousViolation:
    """不予列入: the objection was upheld or the facts did not hold."""
    _writable(actor, listing)
    _at(listing, S.PROPOSED, S.NOTIFIED)
    text = _reason(reason, "objection")
    data = {"status": S.DROPPED, "dropped_on": on or timezone.localdate(), "objection": text}
    return _save(_checked(listing, data), actor, text)


def serious_decide(
    *, actor, listing, on: date | None = None, decision_number: str = "", objection: str = ""
) -> SeriousViolation:
    """列入决定: after the objection window; the listing runs from that day."""
    _writable(actor, listing)
    _at(listing, S.NOTIFIED)
    on = on or timezone.localdate()
    data = {
        "status": S.DECIDED,
        "listed_on": on,
        "ends_on": listing_rules.ends_on(on),
        "decision_number": (decision_number or "").strip(),
    }
    if (objection or "").strip():
        data["objection"] = objection.strip()
    return _save(_checked(listing, data), actor)


def serious_publish(*, actor, listing, on: date | None = None) -> SeriousViolation:
    """公示: on the public list from that day until the removal."""
    _writable(actor, listing)
    _at(listing, S.DECIDED)
    data = {"status": S.PUBLISHED, "published_on": on or timezone.localdate()}
    return _save(_checked(listing, data), actor)


def serious_apply_removal(
    *, actor, listing, on: date | None = None, conditions: dict, statement: str = ""
) -> SeriousViolation:
    """申请提前移出: once listed for the minimum period, with the conditions' checklist."""
    _writable(actor, listing)
    _at(listing, S.PUBLISHED)
    on = on or timezone.localdate()
    first = listing.early_removal_from
    if on < first:
        raise ValidationError(
            {
                "removal_applied_on": _("An early removal can be applied for from %(d)s.")
                % {"d": first.isoformat()}
            }
        )
    known = listing_rules.removal_conditions()
    checklist = {code: bool((conditions or {}).get(code)) for code in known}
    data = {
        "status": S.REMOVAL_APPLIED,
        "removal_applied_on": on,
        "removal_conditions": checklist,
        "removal_statement": (statement or "").strip(),
    }
    return _save(_checked(listing, data), actor)


def serious_grant_removal(*, actor, listing, on: date | None = None, reason: str = ""):
    """提前移出: only when every condition is confirmed; off the public list that day."""
    _writable(actor, listing)
    _at(listing, S.REMOVAL_APPLIED)
    conditions = listing_rules.removal_conditions()
    missing = [
        c.label for code, c in conditions.items() if not listing.removal_conditions.get(code)
    ]
    if missing:
        raise ValidationError(
            _("Not every condition of an early removal is met: %(c)s.") % {"c": "；".join(missing)}
        )
    data = {
        "status": S.REMOVED,
        "removed_on": on or timezone.localdate(),
        "removal_reason": _reason(reason),
    }
    return _save(_checked(listing, data), actor)


def serious_refuse_removal(*, actor, listing, reason: str = "") -> SeriousViolation:
    """The early removal is refused: the listing stays as published."""
    _writable(actor, listing)
    _at(listing, S.REMOVAL_APPLIED)
    text = _reason(reason)
    return _save(_checked(listing, {"status": S.PUBLISHED}), actor, text)


def serious_withdraw_for_penalty(*, actor, penalty, on: date) -> int:
    """The penalty a listing rests on was changed, overturned or confirmed illegal or void:
    its listing is withdrawn that day (a proposal is not pursued). Called by
    `penalty_overturn`, inside its transaction; returns how many listings it ended."""
    reason = _("The penalty it rests on is no longer in force.")
    ended = 0
    for listing in SeriousViolation.objects.filter(penalty=penalty).exclude(
        status__in=(S.DROPPED, S.REMOVED, S.EXPIRED)
    ):
        if listing.status in (S.PROPOSED, S.NOTIFIED):
            data = {"status": S.DROPPED, "dropped_on": max(on, listing.proposed_on),
                    "objection": reason}  # fmt: skip
        else:
            data = {"status": S.REMOVED, "removed_on": max(on, listing.listed_on),
                    "removal_reason": reason}  # fmt: skip
        _save(_checked(listing, data), actor, reason)
        ended += 1
    return ended


def serious_evidence_add(*, actor, listing, upload) -> SeriousEvidence:
    _writable(actor, listing)
    return _evidence(actor, SeriousEvidence(listing=listing), upload)


def serious_expire_due(*, today: date | None = None) -> int:
    """期满移出: every listing whose period has ended leaves the list (the daily job).
    The public list already stops at `ends_on`; this records the removal."""
    today = today or timezone.localdate()
    due = list(SeriousViolation.objects.filter(status__in=LISTED, ends_on__lte=today))
    reason = _("The listing period has ended.")
    now = timezone.now()
    for listing in due:
        listing.status, listing.removed_on, listing.removal_reason = (
            S.EXPIRED,
            listing.ends_on,
            reason,
        )
        listing.updated_at = now
    with transaction.atomic():
        bulk_update_with_history(
            due,
            SeriousViolation,
            ["status", "removed_on", "removal_reason", "updated_at"],
            batch_size=1000,
            default_change_reason="daily: period ended",
        )
    return len(due)


# -- repair of penalty records ------------------------------------------------------------


def _evidence(actor, evidence, upload):
    kind, sha = evidence_check(upload)
    evidence.original_name = (upload.name or f"evidence.{kind}")[:255]
    evidence.kind, evidence.size, evidence.sha256 = kind, upload.size, sha
    evidence.file.save(f"{sha[:16]}.{kind}", upload, save=False)
    return _save(evidence, actor)


def repair_apply(*, actor, penalty: Penalty, applied_on: date | None = None, statement=""):
    """信用修复申请: a penalty in force, still public, after its field's minimum period."""
    require_perm(actor, "penalties.add_penaltyrepair")
    require_visible(actor, penalty)
    on = applied_on or timezone.localdate()
    if penalty.status != PenaltyStatus.IN_FORCE or penalty.repaired_on:
        raise ValidationError(_("This record is no longer public: there is nothing to repair."))
    if on >= penalty.public_until:
        raise ValidationError(
            _("This record was public until %(d)s: there is nothing to repair.")
            % {"d": penalty.public_until.isoformat()}
        )
    first = penalty.repair_from
    if on < first:
        raise ValidationError(
            {
                "applied_on": _(
                    "A repair of this record can be applied for from %(d)s (%(field)s)."
                )
                % {"d": first.isoformat(), "field": penalty.sector_label}
            }
        )
    if penalty.repairs.filter(status=RepairStatus.PENDING).exists():
        raise ValidationError(_("An application for this record is already under review."))
    repair = PenaltyRepair(penalty=penalty)
    data = {"applied_on": on, "statement": (statement or "").strip()}
    return _save(_checked(repair, data, exclude=["penalty"]), actor)


def _decidable(actor, repair) -> None:
    require_perm(actor, "penalties.change_penaltyrepair")
    require_visible(actor, repair)
    if repair.status != RepairStatus.PENDING:
        raise ValidationError(
            _("This application was already decided: %(s)s.") % {"s": repair.get_status_display()}
        )


def repair_evidence_add(*, actor, repair, upload) -> RepairEvidence:
    require_perm(actor, "penalties.change_penaltyrepair")
    require_visible(actor, repair)
    return _evidence(actor, RepairEvidence(repair=repair), upload)


def repair_grant(*, actor, repair, on: date | None = None, reason: str = "") -> PenaltyRepair:
    """准予修复, reviewed with evidence: the record leaves the public pages that day."""
    _decidable(actor, repair)
    if not repair.evidence.exists():
        raise ValidationError(_("Add the evidence reviewed before granting the repair."))
    on = on or timezone.localdate()
    data = {
        "status": RepairStatus.GRANTED,
        "decided_on": on,
        "decision_reason": _reason(reason, "decision_reason"),
    }
    with transaction.atomic():
        _checked(repair, data, exclude=["penalty"])
        penalty = repair.penalty
        penalty.repaired_on = on
        derive_window(penalty)
        _save(penalty, actor, "repair granted")
        return _save(repair, actor)


def repair_refuse(*, actor, repair, on: date | None = None, reason: str = "") -> PenaltyRepair:
    _decidable(actor, repair)
    data = {
        "status": RepairStatus.REFUSED,
        "decided_on": on or timezone.localdate(),
        "decision_reason": _reason(reason, "decision_reason"),
    }
    return _save(_checked(repair, data, exclude=["penalty"]), actor)
