"""Writes of the case engine: open a case (an accident reported, a case listed for
supervision), move it through its stages, record events, interviews and documents, extend a
clock, raise escalation notices. Every write: role check, guard, full_clean, history, then
the clocks recomputed by `clocks_compute` (the only place deadlines are written)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.clocks import _save, clocks_compute
from zhiliang.cases.models import Case, CaseDocument, Deadline, Interview, Step
from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.validators import errors_of, not_in_future
from zhiliang.credit.hooks import credit_event
from zhiliang.penalties import services as penalties

_LOOKED_UP = [
    "region",
    "office",
    "listing_office",
    "enterprise",
    "product",
    "equipment_unit",
    "operator",
    "penalty",
    "created_by",
]


# -- opening a case -----------------------------------------------------------------------


def _number(prefix: str, at) -> str:
    return f"{prefix}{timezone.localtime(at):%Y%m%d}-{secrets.token_hex(3).upper()}"


def case_own_errors(case: Case) -> dict:
    """The case's own rules, by field (the looked-up relations are checked where they are
    looked up); the service and the importers word refusals with it."""
    try:
        case.full_clean(exclude=_LOOKED_UP, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return errors_of(exc)
    return {}


def _validate(case: Case) -> None:
    errors = case_own_errors(case)
    others = Case.objects.filter(kind=case.kind, number=case.number).exclude(pk=case.pk)
    if case.number and "number" not in errors and others.exists():
        errors["number"] = [_("A case numbered %(n)s exists already.") % {"n": case.number}]
    if errors:
        raise ValidationError(errors)


def accident_grade(case: Case) -> None:
    if not case.grade_by_hand:
        case.grade = rules.grade_of(
            deaths=case.deaths or 0, injuries=case.injuries or 0, loss=case.direct_loss
        )


def accident_report(*, actor, data: dict) -> Case:
    """An accident as the unit reported it: `reported_at` is when the unit's report came in
    (it meets or misses the 1-hour clock); equipment accidents name the unit, whose using
    enterprise is the one concerned; other accidents name the enterprise and product."""
    require_perm(actor, "cases.add_case")
    data = dict(data)
    reported_at = data.pop("reported_at", None) or timezone.now()
    for field in ("enterprise", "equipment_unit", "operator"):
        require_referable(actor, data.get(field), field)
    unit = data.get("equipment_unit")
    if unit is not None:
        data["enterprise"] = unit.enterprise
    subject = unit or data.get("enterprise")
    region = data.pop("region", None) or (subject.region if subject else None)
    if region is None:
        raise ValidationError(
            {"enterprise": _("Name the equipment unit or the enterprise concerned.")}
        )
    require_in_jurisdiction(actor, region)
    case = Case(
        kind=CaseKind.ACCIDENT,
        region=region,
        office=actor.organization,
        listing_office=actor.organization,
        stage=rules.first_stage(CaseKind.ACCIDENT),
        created_by=actor,
        **data,
    )
    if not case.number and case.opened_at:
        case.number = _number("SG", case.opened_at)
    accident_grade(case)
    _validate(case)
    if case.opened_at and reported_at < case.opened_at:
        raise ValidationError({"reported_at": _("The report lies before the accident.")})
    if reported_at > timezone.now():
        raise ValidationError({"reported_at": _("The report time cannot be in the future.")})
    with transaction.atomic():
        _save(case, actor)
        _save(Step(case=case, code=case.stage, at=reported_at, actor=actor), actor)
        clocks_compute(case, actor=actor)
        accident_to_risk([case.pk])
    return case


def accident_to_risk(ids) -> None:
    """The accidents as risk information at once (the daily job catches up the rest)."""
    from zhiliang.risk.services import risk_information_feed_accidents

    risk_information_feed_accidents(ids=ids)


def accident_update(*, actor, case: Case, data: dict) -> Case:
    """Correct an accident's figures (the grade and its clocks follow)."""
    require_perm(actor, "cases.change_case")
    require_visible(actor, case)
    allowed = {
        "deaths",
        "injuries",
        "direct_loss",
        "grade",
        "grade_by_hand",
        "grade_reason",
        "place",
        "description",
        "parties",
        "title",
    }
    before = {k: getattr(case, k) for k in allowed}
    for field, value in data.items():
        if field in allowed:
            setattr(case, field, value)
    accident_grade(case)
    try:
        _validate(case)
    except ValidationError:
        for field, value in before.items():
            setattr(case, field, value)
        raise
    with transaction.atomic():
        _save(case, actor)
        clocks_compute(case, actor=actor)
        accident_to_risk([case.pk])
    return case


def supervised_list(*, actor, data: dict) -> Case:
    """挂牌督办: the actor's office lists a key case for the handling office (`office`, a
    market regulation body in its jurisdiction) with a deadline."""
    require_perm(actor, "cases.add_case")
    data = dict(data)
    office = data.pop("office", None)
    if office is None or not office.regulates_market:
        raise ValidationError({"office": _("Choose the market regulation office handling it.")})
    require_referable(actor, office, "office", above=False)
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_in_jurisdiction(actor, office.region)
    listed_at = data.pop("listed_at", None) or timezone.now()
    case = Case(
        kind=CaseKind.SUPERVISED,
        region=office.region,
        office=office,
        listing_office=actor.organization,
        stage=rules.first_stage(CaseKind.SUPERVISED),
        created_by=actor,
        **data,
    )
    _validate(case)
    with transaction.atomic():
        _save(case, actor)
        _save(Step(case=case, code=case.stage, at=listed_at, actor=actor), actor)
        clocks_compute(case, actor=actor)
    return case


# -- moving a case ------------------------------------------------------------------------


def _check_time(case: Case, at) -> None:
    not_in_future(at, _("The time of the step"), field="at")
    last = case.steps.order_by("-at").values_list("at", flat=True).first()
    if last and at < last:
        raise ValidationError({"at": _("The step lies before the case's last step.")})


def case_advance(*, actor, case: Case, to: str, at=None, note: str = "", penalty=None) -> Case:
    """Move the case to the stage `to`: only where the rules allow it from its stage (a
    stage cannot be skipped). A supervised case's decision records the administrative
    penalty through the penalties' service, once (`penalty`: that service's data)."""
    require_perm(actor, "cases.change_case")
    require_visible(actor, case)
    allowed = rules.next_stages(case.kind, case.stage)
    if to not in allowed:
        names = "、".join(rules.stage_label(case.kind, s) for s in allowed)
        raise ValidationError(
            {
                "to": _("From %(s)s the case goes on to %(n)s only.")
                % {"s": case.stage_label, "n": names}
            }
            if allowed
            else {"to": _("The case is closed.")}
        )
    at = at or timezone.now()
    _check_time(case, at)
    if case.kind == CaseKind.RECALL and to == "summary_submitted" and not note.strip():
        raise ValidationError({"note": _("Write the completion summary in the note.")})
    with transaction.atomic():
        if case.kind == CaseKind.SUPERVISED and to == "decided" and case.penalty_id is None:
            if not penalty:
                raise ValidationError({"penalty": _("The decision needs its penalty record.")})
            data = dict(penalty, enterprise=case.enterprise, violation=case.violation)
            case.penalty = penalties.penalty_create(actor=actor, data=data)
        case.stage = to
        if rules.is_final(case.kind, to):
            case.closed_at = at
        _save(case, actor)
        _save(Step(case=case, code=to, at=at, actor=actor, note=note.strip()), actor)
        clocks_compute(case, actor=actor)
        if case.kind == CaseKind.ACCIDENT:
            credit_event(case.enterprise_id)  # an approved accident is a credit record
    return case


def case_event(*, actor, case: Case, code: str, at=None, note: str = "") -> Step:
    """An event that does not change the stage (续报, a progress report)."""
    require_perm(actor, "cases.change_case")
    require_visible(actor, case)
    if code not in {e["code"] for e in rules.events(case.kind)}:
        raise ValidationError({"code": _("This kind of case has no such step.")})
    if case.kind == CaseKind.RECALL:
        raise ValidationError({"code": _("Record a recall's progress with its units corrected.")})
    if case.is_closed:
        raise ValidationError({"code": _("The case is closed.")})
    at = at or timezone.now()
    not_in_future(at, _("The time of the step"), field="at")
    if at < case.opened_at:
        raise ValidationError({"at": _("The step lies before the case began.")})
    with transaction.atomic():
        step = _save(Step(case=case, code=code, at=at, actor=actor, note=note.strip()), actor)
        clocks_compute(case, actor=actor)
    return step


def deadline_extend(*, actor, deadline: Deadline, reason: str) -> Deadline:
    """Extend a clock once, by the rule's extension (approved by the office's head)."""
    require_perm(actor, "cases.change_case")
    require_visible(actor, deadline.case)
    clock = next(
        (
            c
            for c in rules.clocks(deadline.case_kind, deadline.case.grade)
            if c.code == deadline.kind
        ),
        None,
    )
    if clock is None or not clock.extension:
        raise ValidationError(_("This deadline cannot be extended."))
    if deadline.extended:
        raise ValidationError(_("This deadline was extended already."))
    if deadline.met_at is not None:
        raise ValidationError(_("This deadline was met."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    deadline.extended = True
    deadline.extension_reason = reason.strip()
    _save(deadline, actor)
    clocks_compute(deadline.case, actor=actor)
    deadline.refresh_from_db()
    return deadline


# -- interviews and documents -------------------------------------------------------------


def interview_add(*, actor, case: Case, data: dict) -> Interview:
    require_perm(actor, "cases.add_interview")
    require_visible(actor, case)
    interview = Interview(case=case, **data)
    interview.full_clean(exclude=["case"])
    with transaction.atomic():
        _save(interview, actor)
        clocks_compute(case, actor=actor)
    return interview


def interview_check(*, actor, interview: Interview, on, result: str) -> Interview:
    """The follow-up check of the commitments: its date and result."""
    require_perm(actor, "cases.change_interview")
    require_visible(actor, interview)
    if interview.checked_on:
        raise ValidationError(_("This interview's follow-up was checked already."))
    interview.checked_on, interview.check_result = on, (result or "").strip()
    try:
        interview.full_clean(exclude=["case"])
    except ValidationError:
        interview.checked_on, interview.check_result = None, ""
        raise
    with transaction.atomic():
        _save(interview, actor)
        clocks_compute(interview.case, actor=actor)
    return interview


def document_add(*, actor, case: Case, title: str, upload) -> CaseDocument:
    require_perm(actor, "cases.add_casedocument")
    require_visible(actor, case)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the document a title.")})
    kind, sha = evidence_check(upload)
    document = CaseDocument(
        case=case,
        title=title.strip()[:200],
        original_name=(upload.name or f"document.{kind}")[:255],
        file_kind=kind,
        size=upload.size,
        sha256=sha,
        uploaded_by=actor,
    )
    document.file.save(f"{sha[:16]}.{kind}", upload, save=False)
    return _save(document, actor)
