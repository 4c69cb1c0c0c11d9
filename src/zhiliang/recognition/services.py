"""Writes of the evaluation engine: experts, rounds, applications (eligibility, formal
check), panels, scores and the reviewer spread, the public notice, decisions and the
registry of holders. Every write: rights, the one guard, the record's rules, history."""

import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_managed,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.validators import assign, checked
from zhiliang.inspections.draw import digest
from zhiliang.recognition import eligibility, panel, rules
from zhiliang.recognition.choices import (
    OPEN_APPLICATION,
    HolderKind,
    HolderStatus,
    ObjectionOutcome,
    RoundStatus,
)
from zhiliang.recognition.choices import ApplicationStatus as S
from zhiliang.recognition.models import (
    Application,
    ApplicationDocument,
    Expert,
    Holder,
    Objection,
    Round,
)
from zhiliang.recognition.scoring import record_scores, settle

_RELATED = ["region", "enterprise", "employer", "round", "user", "application"]


def _save(actor, obj, region=None):
    if region is not None:
        require_in_jurisdiction(actor, region)
    obj._history_user = actor
    obj.save()
    return obj


def _require_runs(actor, round_: Round) -> None:
    """Only the office that runs the round (its jurisdiction holds the round's region)."""
    require_perm(actor, "recognition.change_application")
    require_managed(actor, round_)


def _status(application, *allowed) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("Not possible while the application is %(s)s.")
            % {"s": application.get_status_display()}
        )


# -- experts -------------------------------------------------------------------------------

EXPERT_FIELDS = ("name", "speciality", "organisation", "employer", "region", "user", "active")


def expert_validate(*, data: dict, instance: Expert | None = None, context=None) -> Expert:
    expert = instance or Expert()
    assign(expert, data, EXPERT_FIELDS)
    extra = {} if expert.region_id else {"region": _("Give the region of the expert pool.")}
    checked(expert, _RELATED, extra)
    return expert


def expert_create(*, actor, data: dict) -> Expert:
    require_perm(actor, "recognition.add_expert")
    require_referable(actor, data.get("employer"), "employer")
    expert = _save(actor, expert_validate(data=data), data.get("region"))
    if data.get("related"):
        expert.related.set(data["related"])
    return expert


def expert_update(*, actor, expert: Expert, data: dict) -> Expert:
    require_perm(actor, "recognition.change_expert")
    require_visible(actor, expert)
    require_referable(actor, data.get("employer"), "employer")
    expert = expert_validate(data=data, instance=expert)
    return _save(actor, expert, expert.region)


def expert_relations_set(*, actor, expert: Expert, related) -> Expert:
    """The enterprises the expert declares a relation to (conflicts of interest: never
    drawn for their applications). Each must be one the actor may name."""
    require_perm(actor, "recognition.change_expert")
    require_visible(actor, expert)
    require_in_jurisdiction(actor, expert.region)
    related = list(related)
    for enterprise in related:
        require_referable(actor, enterprise, "related")
    expert._history_user = actor
    with transaction.atomic():
        expert.related.set(related)
    return expert


# -- rounds --------------------------------------------------------------------------------

ROUND_FIELDS = ("scheme", "year", "level", "title", "region", "opens_on", "panel_size")


def round_validate(*, data: dict, instance: Round | None = None, context=None) -> Round:
    round_ = instance or Round()
    assign(round_, data, ROUND_FIELDS)
    extra = {} if round_.region_id else {"region": _("Give the region of the round.")}
    scheme = rules.scheme(round_.scheme)
    if scheme and round_.opens_on:
        days = int(scheme["periods"]["application_days"])
        round_.closes_on = round_.opens_on + timedelta(days=days)
    checked(round_, _RELATED, extra)
    return round_


def round_create(*, actor, data: dict) -> Round:
    require_perm(actor, "recognition.add_round")
    return _save(actor, round_validate(data=data), data.get("region"))


def round_update(*, actor, round: Round, data: dict) -> Round:  # noqa: A002
    require_perm(actor, "recognition.change_round")
    require_managed(actor, round)
    if round.applications.exists() and {"scheme", "level"} & set(data):
        raise ValidationError(_("A round with applications keeps its scheme and level."))
    round_ = round_validate(data=data, instance=round)
    return _save(actor, round_, round_.region)


# -- applications --------------------------------------------------------------------------


def ineligible_reasons(application_or_rows) -> list[str]:
    rows = getattr(application_or_rows, "eligibility", application_or_rows)
    return [r["reason"] for r in rows if not r["passed"]]


def application_validate(*, data: dict, instance=None, context=None) -> Application:
    application = instance or Application()
    assign(application, data, ("round", "enterprise", "product", "submitted_on"))
    round_ = data.get("round")
    errors = {}
    if round_ is None or data.get("enterprise") is None:
        raise ValidationError(_("Name the round and the enterprise."))
    application.region = data["enterprise"].region
    scheme = rules.scheme(round_.scheme)
    day = application.submitted_on
    if round_.status != RoundStatus.OPEN or not (round_.opens_on <= day <= round_.closes_on):
        errors["submitted_on"] = _("The round takes applications from %(a)s to %(b)s.") % {
            "a": round_.opens_on,
            "b": round_.closes_on,
        }
    if not round_.region.contains(application.region):
        errors["enterprise"] = _("The enterprise lies outside the round's region.")
    if scheme.get("per_product") and not (application.product or "").strip():
        errors["product"] = _("Name the product applied for.")
    taken = Application.objects.filter(
        round=round_, enterprise=data["enterprise"], product=application.product or ""
    ).exclude(pk=application.pk)
    if taken.exists():
        errors["enterprise"] = _("This enterprise has already applied to the round.")
    if errors:
        raise ValidationError(errors)
    rows = eligibility.check(round_.scheme, data["enterprise"].pk, day)
    failed = ineligible_reasons(rows)
    if failed:
        raise ValidationError({"enterprise": _("Not eligible: %(r)s.") % {"r": "；".join(failed)}})
    application.eligibility = rows
    checked(application, _RELATED)
    return application


def application_submit(*, actor, data: dict) -> Application:
    """Register an application; one from an ineligible enterprise is refused with the
    reasons of each failed rule, nothing saved."""
    require_perm(actor, "recognition.add_application")
    if data.get("round") is not None:
        require_visible(actor, data["round"])
    require_referable(actor, data.get("enterprise"), "enterprise")
    data = {"submitted_on": timezone.localdate(), **data}
    application = application_validate(data=data)
    return _save(actor, application, application.region)


def document_add(*, actor, application: Application, title: str, upload):
    require_perm(actor, "recognition.add_applicationdocument")
    require_visible(actor, application)
    _status(application, S.SUBMITTED)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the document a title.")})
    kind, sha = evidence_check(upload)
    document = ApplicationDocument(
        application=application,
        title=title.strip()[:200],
        file_kind=kind,
        size=upload.size,
        original_name=(upload.name or f"document.{kind}")[:255],
        sha256=sha,
    )
    document.file.save(f"{sha[:16]}.{kind}", upload, save=False)
    return _save(actor, document)


def application_check(
    *, actor, application: Application, passed: bool, note: str = "", on: date | None = None
) -> Application:
    """The formal check: eligibility again on the day, documents present; refused with the
    reasons, or accepted for review."""
    _require_runs(actor, application.round)
    _status(application, S.SUBMITTED)
    day = on or timezone.localdate()
    rows = eligibility.check(application.round.scheme, application.enterprise_id, day)
    application.eligibility = rows
    reasons = ineligible_reasons(rows)
    if passed and not reasons and not application.documents.exists():
        raise ValidationError(_("No documents: the application cannot pass the formal check."))
    if passed and not reasons:
        application.status = S.ACCEPTED
        application.check_note = note
    else:
        if not passed and not note.strip():
            raise ValidationError({"note": _("Say why the application is refused.")})
        application.status = S.REFUSED
        application.check_note = "；".join([*reasons, note.strip()]).strip("；")
    return _save(actor, application)


def panel_draw(*, actor, application: Application, seed: int | None = None) -> Application:
    """Draw the panel at random from the round's expert pool, experts tied to the applicant
    excluded; seed, inputs and their digest stored (verifiable with `panel.verify`)."""
    _require_runs(actor, application.round)
    _status(application, S.ACCEPTED)
    seed = secrets.randbits(62) if seed is None else int(seed)
    inputs, chosen = panel.run(application, seed)
    size = application.round.panel_size
    if len(chosen) < size:
        raise ValidationError(
            _("The pool has %(n)s experts without a conflict; the panel needs %(k)s.")
            % {"n": len(chosen), "k": size}
        )
    with transaction.atomic():
        for order, expert_id in enumerate(chosen, start=1):
            seat = application.seats.model(
                application=application, expert_id=expert_id, order=order
            )
            _save(actor, seat)
        application.panel_seed, application.panel_inputs = seed, inputs
        application.panel_digest = digest(inputs)
        application.status = S.SCORING
        _save(actor, application)
    return application


def scores_submit(*, actor, seat, points: dict) -> None:
    """A reviewer's points per item (the reviewer's own login, or the office entering the
    reviewer's signed sheet). Once every reviewer has scored, the spread decides: items
    beyond their gap go back for consensus, otherwise the application is scored."""
    application = seat.application
    require_perm(actor, "recognition.add_score")
    require_visible(actor, application)
    own = seat.expert.user_id is not None and seat.expert.user_id == actor.pk
    if not own:
        may = actor.has_perm("recognition.change_application")
        if not (may and Round.objects.managed_by(actor).filter(pk=application.round_id).exists()):
            raise PermissionDenied(_("Only the reviewer or the round's office scores here."))
    _status(application, S.SCORING, S.CONSENSUS)
    with transaction.atomic():
        record_scores(actor, seat, points)
        settle(actor, application)


def site_review(*, actor, application: Application, passed: bool, note: str) -> Application:
    _require_runs(actor, application.round)
    _status(application, S.SCORED)
    if not (note or "").strip():
        raise ValidationError({"note": _("Record what the site review found.")})
    application.site_passed, application.site_note = bool(passed), note.strip()
    application.status = S.SITE_REVIEWED
    return _save(actor, application)


def publicity_start(*, actor, round: Round, on: date | None = None) -> int:  # noqa: A002
    """The public notice (公示) of the round's proposed holders: site review passed and
    the pass score reached; the window's length is the scheme's (data)."""
    _require_runs(actor, round)
    if round.status not in (RoundStatus.OPEN, RoundStatus.REVIEW):
        raise ValidationError(_("The public notice of this round has already started."))
    scheme = rules.scheme(round.scheme)
    day = on or timezone.localdate()
    proposed = round.applications.filter(
        status=S.SITE_REVIEWED, site_passed=True, total__gte=scheme["pass_score"]
    )
    if not proposed.exists():
        raise ValidationError(_("No application has passed the site review and the pass score."))
    if round.applications.filter(
        status__in=(S.SUBMITTED, S.ACCEPTED, S.SCORING, S.CONSENSUS, S.SCORED)
    ).exists():
        raise ValidationError(_("Finish the review of every application first."))
    round.publicity_from = day
    round.publicity_until = day + timedelta(days=int(scheme["periods"]["publicity_days"]))
    round.status = RoundStatus.PUBLICITY
    with transaction.atomic():
        _save(actor, round)
        for application in proposed:
            application.status = S.PUBLICITY
            _save(actor, application)
    return proposed.count()


def objection_add(*, actor, application: Application, received_on: date, text: str):
    require_perm(actor, "recognition.add_objection")
    require_visible(actor, application)
    _status(application, S.PUBLICITY)
    round_ = application.round
    if not (round_.publicity_from <= received_on <= round_.publicity_until):
        raise ValidationError(
            {
                "received_on": _(
                    "Objections are received during the public notice, %(a)s to %(b)s."
                )
                % {"a": round_.publicity_from, "b": round_.publicity_until}
            }
        )
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the objection.")})
    return _save(
        actor, Objection(application=application, received_on=received_on, text=text.strip())
    )


def objection_settle(*, actor, objection: Objection, outcome: str, note: str) -> Objection:
    _require_runs(actor, objection.application.round)
    if objection.outcome != ObjectionOutcome.PENDING:
        raise ValidationError(_("This objection is already settled."))
    if outcome not in (ObjectionOutcome.UPHELD, ObjectionOutcome.DISMISSED):
        raise ValidationError({"outcome": _("Uphold or dismiss the objection.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Record the finding.")})
    objection.outcome, objection.outcome_note = outcome, note.strip()
    return _save(actor, objection)


def application_decide(
    *,
    actor,
    application: Application,
    award: bool,
    note: str = "",
    nomination: bool = False,
    on: date | None = None,
):
    """The decision: after the public notice, objections settled, eligibility checked again
    on the day. An award enters the registry of holders (a valid title of the same
    enterprise, kind and product is renewed by it)."""
    from zhiliang.recognition.holders import holder_from_decision

    _require_runs(actor, application.round)
    day = on or timezone.localdate()
    round_ = application.round
    if award:
        _status(application, S.PUBLICITY)
        if day <= round_.publicity_until:
            raise ValidationError(
                _("The public notice runs until %(d)s.") % {"d": round_.publicity_until}
            )
        objections = application.objections.values_list("outcome", flat=True)
        if ObjectionOutcome.PENDING in objections:
            raise ValidationError(_("Settle the objections first."))
        if ObjectionOutcome.UPHELD in objections:
            raise ValidationError(_("An objection was upheld: the application cannot be awarded."))
        rows = eligibility.check(round_.scheme, application.enterprise_id, day)
        reasons = ineligible_reasons(rows)
        if reasons:
            raise ValidationError(_("No longer eligible: %(r)s.") % {"r": "；".join(reasons)})
    else:
        _status(application, S.SCORED, S.SITE_REVIEWED, S.PUBLICITY)
    with transaction.atomic():
        application.status = S.AWARDED if award else S.NOT_AWARDED
        application.decided_on, application.decision_note = day, (note or "").strip()
        _save(actor, application)
        if award:
            kind = HolderKind.NOMINATION if nomination else None
            holder_from_decision(actor, application, day, kind)
        if not round_.applications.filter(status__in=OPEN_APPLICATION).exists():
            round_.status = RoundStatus.DECIDED
            _save(actor, round_)
    return application


def holder_revoke(*, actor, holder: Holder, reason: str, on: date | None = None) -> Holder:
    require_perm(actor, "recognition.change_holder")
    require_visible(actor, holder)
    if holder.status == HolderStatus.REVOKED:
        raise ValidationError(_("This title is already revoked."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    holder.status, holder.revoked_on = HolderStatus.REVOKED, on or timezone.localdate()
    holder.revocation_reason, holder.flagged = reason.strip()[:255], False
    return _save(actor, holder)
