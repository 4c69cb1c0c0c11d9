"""Writes of supervision sampling: plans and quotas, draws, samples, follow-ups, inspectors.

Every action checks its permission (core/roles.py, inspections.*) and the actor's
jurisdiction, validates everything before it writes, and writes all or nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import (
    NOT_FOUND,
    referable,
    require_in_jurisdiction,
    require_referable,
)
from zhiliang.core.models import Organization, Region
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.inspections import draw as drawing
from zhiliang.inspections import rules, selectors
from zhiliang.inspections.choices import (
    OPEN_STATES,
    Escalation,
    FollowUpAction,
    FollowUpState,
    PlanLevel,
    PlanStatus,
    SamplePlace,
    Verdict,
)
from zhiliang.inspections.models import (
    Draw,
    DrawInspector,
    DrawPick,
    FollowUp,
    FollowUpStep,
    Inspector,
    InspectorConflict,
    PlanQuota,
    Sample,
    SamplingPlan,
    TestItem,
)

# -- helpers ------------------------------------------------------------------------------------


def _require(actor, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(_("You may not do this."))


def _in_scope(actor, region: Region) -> None:
    require_in_jurisdiction(actor, region)


def _visible(actor, model, obj) -> None:
    if not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("This record lies outside your jurisdiction."))


def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("%(v)s is not a number.") % {"v": value}}) from None


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(v)s is not a whole number.") % {"v": value}}) from None


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(v)s is not a date.") % {"v": value}}) from None


def _save(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj


# -- plans and quotas -----------------------------------------------------------------------------

PLAN_FIELDS = (
    "name",
    "level",
    "year",
    "authority",
    "region",
    "random_share",
    "team_size",
    "weight_a",
    "weight_b",
    "weight_c",
    "weight_d",
    "status",
    "notes",
)


def _plan_apply(plan: SamplingPlan, actor, data: dict) -> SamplingPlan:
    unknown = sorted(set(data) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    for key, value in data.items():
        if key in ("random_share", "weight_a", "weight_b", "weight_c", "weight_d"):
            value = _decimal(value, key)
            if value < 0:
                raise ValidationError({key: _("Must not be negative.")})
        elif key in ("year", "team_size"):
            value = _int(value, key)
        elif key == "name":
            value = (value or "").strip()
        setattr(plan, key, value)
    if not plan.name:
        raise ValidationError({"name": _("A plan needs a name.")})
    if plan.level not in PlanLevel.values:
        raise ValidationError({"level": _("Unknown level %(v)s.") % {"v": plan.level}})
    if not (0 <= plan.random_share <= 1):
        raise ValidationError({"random_share": _("The random share lies between 0 and 1.")})
    if plan.team_size < 1:
        raise ValidationError({"team_size": _("A team has at least one inspector.")})
    if all(getattr(plan, f"weight_{c}") == 0 for c in "abcd") and plan.random_share < 1:
        raise ValidationError(_("At least one risk class needs a weight above zero."))
    if plan.region_id is None or plan.authority_id is None:
        raise ValidationError(_("A plan needs its authority and its jurisdiction."))
    _in_scope(actor, plan.region)
    if not plan.region.code.startswith(plan.authority.region.code):
        raise ValidationError(
            {"region": _("The jurisdiction lies outside the authority's region.")}
        )
    return _save(plan, actor)


@transaction.atomic
def sampling_plan_create(*, actor, data: dict) -> SamplingPlan:
    _require(actor, "inspections.add_samplingplan")
    plan = SamplingPlan(created_by=actor)
    return _plan_apply(plan, actor, dict(data))


@transaction.atomic
def sampling_plan_update(*, actor, plan: SamplingPlan, data: dict) -> SamplingPlan:
    _require(actor, "inspections.change_samplingplan")
    _visible(actor, SamplingPlan, plan)
    if (
        plan.status == PlanStatus.CLOSED
        and data.get("status", PlanStatus.CLOSED) == PlanStatus.CLOSED
    ):
        raise ValidationError(_("This plan is closed; reopen it first."))
    return _plan_apply(plan, actor, dict(data))


@transaction.atomic
def quota_set(
    *, actor, plan: SamplingPlan, product: Product, region: Region, quota: int
) -> PlanQuota | None:
    """Set how many enterprises to draw for a product (or category) in a region; 0 removes
    the quota."""
    _require(actor, "inspections.change_samplingplan")
    _visible(actor, SamplingPlan, plan)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."))
    quota = _int(quota, "quota")
    if quota < 0:
        raise ValidationError({"quota": _("A quota cannot be negative.")})
    if not region.code.startswith(plan.region.code):
        raise ValidationError({"region": _("The region lies outside the plan's jurisdiction.")})
    existing = PlanQuota.objects.filter(plan=plan, product=product, region=region).first()
    if quota == 0:
        if existing:
            if existing.picks.exists():
                raise ValidationError(_("Enterprises were drawn for this quota; it stays."))
            existing._history_user = actor
            existing.delete()
        return None
    item = existing or PlanQuota(plan=plan, product=product, region=region)
    item.quota = quota
    return _save(item, actor)


# -- draws ----------------------------------------------------------------------------------------


@transaction.atomic
def draw_run(
    *, actor, plan: SamplingPlan, seed: int | None = None, as_of: dt.datetime | None = None
) -> Draw:
    """Draw enterprises and inspectors for every quota of the plan, and store seed, inputs,
    pools and result. The seed is random unless given (e.g. one announced beforehand)."""
    _require(actor, "inspections.add_draw")
    _visible(actor, SamplingPlan, plan)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."))
    if not plan.quotas.exists():
        raise ValidationError(_("Set the plan's quotas before drawing."))
    if seed is None:
        seed = secrets.randbits(62)
    seed = _int(seed, "seed")
    if not (0 <= seed < 2**63):
        raise ValidationError({"seed": _("The seed is a whole number from 0 to 2⁶³−1.")})
    as_of = as_of or timezone.now()
    inputs, pools, result = drawing.run(plan, seed, as_of)
    draw = Draw(
        plan=plan,
        seed=seed,
        algorithm=drawing.ALGORITHM,
        as_of=as_of,
        inputs=inputs,
        pools=pools,
        result=result,
        result_digest=drawing.digest(result),
        created_by=actor,
    )
    draw._history_user = actor
    draw.save()
    picks = [
        DrawPick(
            draw=draw,
            quota_id=q["quota"],
            enterprise_id=p["enterprise"],
            share=p["share"],
            order=p["order"],
        )
        for q in result["quotas"]
        for p in q["picks"]
    ]
    DrawPick.objects.bulk_create(picks)
    saved = {
        (p.quota_id, p.order): p.pk
        for p in DrawPick.objects.filter(draw=draw).only("id", "quota_id", "order")
    }
    DrawInspector.objects.bulk_create(
        [
            DrawInspector(pick_id=saved[(q["quota"], p["order"])], inspector_id=i)
            for q in result["quotas"]
            for p in q["picks"]
            for i in p["inspectors"]
        ]
    )
    return draw


def _unpublished(draw: Draw) -> None:
    if Draw.objects.filter(pk=draw.pk, published_at__isnull=False).exists():
        raise ValidationError(_("This draw is published and cannot change."))


@transaction.atomic
def draw_publish(*, actor, draw: Draw) -> Draw:
    _require(actor, "inspections.publish_draw")
    _visible(actor, Draw, draw)
    _unpublished(draw)
    check = drawing.verify(draw)
    if not check.ok:
        raise ValidationError(
            _("The draw does not verify and cannot be published: %(d)s")
            % {"d": "; ".join(check.differences)}
        )
    draw.published_at = timezone.now()
    draw.published_by = actor
    draw._history_user = actor
    draw.save(update_fields=["published_at", "published_by"])
    if draw.plan.status == PlanStatus.DRAFT:
        draw.plan.status = PlanStatus.ACTIVE
        draw.plan._history_user = actor
        draw.plan.save(update_fields=["status", "updated_at"])
    return draw


@transaction.atomic
def draw_discard(*, actor, draw: Draw) -> None:
    """Throw away a draw that was not published (e.g. quotas were wrong)."""
    _require(actor, "inspections.add_draw")
    _visible(actor, Draw, draw)
    _unpublished(draw)
    draw._history_user = actor
    draw.delete()


# -- samples --------------------------------------------------------------------------------------

SAMPLE_FIELDS = (
    "sample_number",
    "brand",
    "model",
    "batch",
    "sampled_on",
    "place",
    "test_units",
    "backup_units",
    "laboratory",
    "tested_on",
    "verdict",
)
ITEM_FIELDS = ("item", "standard", "clause", "requirement", "measured_value", "verdict")


def overall_verdict(item_verdicts: list[str]) -> str:
    """Any failed item fails the sample; all passed pass it; otherwise it is pending."""
    if any(v == Verdict.FAIL for v in item_verdicts):
        return Verdict.FAIL
    if item_verdicts and all(v == Verdict.PASS for v in item_verdicts):
        return Verdict.PASS
    return Verdict.PENDING


def _clean_items(items: list[dict]) -> list[TestItem]:
    out = []
    for n, raw in enumerate(items, start=1):
        unknown = sorted(set(raw) - set(ITEM_FIELDS) - {"order"})
        if unknown:
            raise ValidationError(_("Unknown test item fields: %(f)s.") % {"f": ", ".join(unknown)})
        item = TestItem(**{k: raw[k] for k in ITEM_FIELDS if k in raw})
        item.item = (item.item or "").strip()
        if not item.item:
            raise ValidationError(_("Test item %(n)s has no name.") % {"n": n})
        if item.verdict not in Verdict.values:
            raise ValidationError(
                _("Test item %(n)s: unknown verdict %(v)s.") % {"n": n, "v": item.verdict}
            )
        item.order = raw.get("order", n)
        out.append(item)
    return out


def _check_verdict(sample: Sample, items: list[TestItem], given: str | None) -> None:
    derived = overall_verdict([i.verdict for i in items])
    if items:
        if given and given != derived:
            raise ValidationError(
                {
                    "verdict": _(
                        "The verdict %(g)s disagrees with the test items, which give %(d)s "
                        "(any failed item fails the sample)."
                    )
                    % {"g": given, "d": derived}
                }
            )
        sample.verdict = derived
    elif given:
        if given not in Verdict.values:
            raise ValidationError({"verdict": _("Unknown verdict %(v)s.") % {"v": given}})
        if given != Verdict.PENDING:
            raise ValidationError({"verdict": _("A verdict needs the test items behind it.")})
        sample.verdict = given


def _sample_number(plan: SamplingPlan) -> str:
    prefix = f"CJ{plan.year}-{plan.pk:04d}-"
    n = Sample.objects.filter(plan=plan).count() + 1
    while Sample.objects.filter(sample_number=f"{prefix}{n:05d}").exists():
        n += 1
    return f"{prefix}{n:05d}"


LABORATORY_KINDS = (OrganizationKind.INSPECTION_BODY,)


def _laboratories(actor):
    return referable(Organization, actor, LABORATORY_KINDS)


def _sample_apply(sample: Sample, actor, data: dict, items: list[dict] | None) -> Sample:
    unknown = sorted(set(data) - set(SAMPLE_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    given = data.pop("verdict", None)
    for key, value in data.items():
        if key in ("sampled_on", "tested_on") and value not in (None, ""):
            value = _date(value, key)
        elif key in ("test_units", "backup_units"):
            value = _int(value, key)
        elif key == "laboratory" and value is not None:
            if not isinstance(value, Organization):
                value = _laboratories(actor).filter(pk=value).first()
                if value is None:
                    raise ValidationError({"laboratory": NOT_FOUND})
            require_referable(actor, value, "laboratory", kinds=LABORATORY_KINDS)
        setattr(sample, key, value)
    if sample.sampled_on is None:
        raise ValidationError({"sampled_on": _("When was it sampled?")})
    if sample.sampled_on > timezone.localdate():
        raise ValidationError({"sampled_on": _("The sampling date lies in the future.")})
    if sample.place not in SamplePlace.values:
        raise ValidationError({"place": _("Unknown place %(v)s.") % {"v": sample.place}})
    if sample.backup_units < 1:
        raise ValidationError(
            {"backup_units": _("A sample keeps at least one backup unit for a re-test.")}
        )
    if sample.test_units < 1:
        raise ValidationError({"test_units": _("A sample has at least one test unit.")})
    new_items = _clean_items(items) if items is not None else None
    current = (
        new_items if new_items is not None else list(sample.test_items.all()) if sample.pk else []
    )
    _check_verdict(sample, current, given)
    if not sample.sample_number:
        sample.sample_number = _sample_number(sample.plan)
    if Sample.objects.filter(sample_number=sample.sample_number).exclude(pk=sample.pk).exists():
        raise ValidationError({"sample_number": _("This sample number is taken.")})
    _save(sample, actor)
    if new_items is not None:
        for old in sample.test_items.all():
            old._history_user = actor
            old.delete()
        for item in new_items:
            item.sample = sample
            _save(item, actor)
    return sample


@transaction.atomic
def sample_record(
    *,
    actor,
    plan: SamplingPlan,
    enterprise: Enterprise,
    product: Product,
    data: dict,
    test_items: list[dict] | None = None,
    pick: DrawPick | None = None,
) -> Sample:
    """Record a sample (and its test items, if known). A sample of a drawn enterprise names
    its pick, which must belong to a published draw of the plan."""
    _require(actor, "inspections.add_sample")
    if not selectors.plans_open_to(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("This plan is not yours to sample for."))
    _in_scope(actor, enterprise.region)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."))
    if product.parent_id is None:
        raise ValidationError({"product": _("Name the product, not its category.")})
    if not enterprise.region.code.startswith(plan.region.code):
        raise ValidationError(
            {"enterprise": _("The enterprise lies outside the plan's jurisdiction.")}
        )
    if pick is not None:
        require_referable(actor, pick, "pick")
        if pick.draw.plan_id != plan.pk or pick.draw.published_at is None:
            raise ValidationError({"pick": _("The pick is not of a published draw of this plan.")})
        if pick.enterprise_id != enterprise.pk:
            raise ValidationError({"pick": _("The pick drew another enterprise.")})
    sample = Sample(
        plan=plan,
        pick=pick,
        enterprise=enterprise,
        region=enterprise.region,
        product=product,
        created_by=actor,
    )
    return _sample_apply(sample, actor, dict(data), test_items)


@transaction.atomic
def sample_update(
    *, actor, sample: Sample, data: dict, test_items: list[dict] | None = None
) -> Sample:
    _require(actor, "inspections.change_sample")
    _visible(actor, Sample, sample)
    if Sample.objects.filter(pk=sample.pk, published_at__isnull=False).exists():
        raise ValidationError(_("This result is published and cannot change."))
    if hasattr(sample, "follow_up"):
        raise ValidationError(_("The follow-up has started; the result cannot change."))
    return _sample_apply(sample, actor, dict(data), test_items)


@transaction.atomic
def sample_publish(*, actor, sample: Sample) -> Sample:
    _require(actor, "inspections.publish_sample")
    _visible(actor, Sample, sample)
    if sample.published_at is not None:
        raise ValidationError(_("This result is published already."))
    if sample.verdict == Verdict.PENDING:
        raise ValidationError(_("A pending result cannot be published."))
    sample.published_at = timezone.now()
    sample._history_user = actor
    sample.save(update_fields=["published_at", "updated_at"])
    return sample


# -- follow-up of failures ------------------------------------------------------------------------


def _days(key: str) -> dt.timedelta:
    return dt.timedelta(days=int(rules.followup_rules()[key]))


# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    FollowUpAction.OBJECT: ((FollowUpState.NOTIFIED,), FollowUpState.RETEST),
    FollowUpAction.RETEST_PASS: ((FollowUpState.RETEST,), FollowUpState.CLOSED),
    FollowUpAction.RETEST_FAIL: ((FollowUpState.RETEST,), FollowUpState.RECTIFICATION),
    FollowUpAction.ORDER_RECTIFICATION: ((FollowUpState.NOTIFIED,), FollowUpState.RECTIFICATION),
    FollowUpAction.REPORT_RECTIFIED: ((FollowUpState.RECTIFICATION,), FollowUpState.REINSPECTION),
    FollowUpAction.REINSPECT_PASS: ((FollowUpState.REINSPECTION,), FollowUpState.CLOSED),
    FollowUpAction.REINSPECT_FAIL: ((FollowUpState.REINSPECTION,), FollowUpState.ANNOUNCED),
    FollowUpAction.SECOND_REINSPECT_PASS: ((FollowUpState.ANNOUNCED,), FollowUpState.CLOSED),
    FollowUpAction.SECOND_REINSPECT_FAIL: ((FollowUpState.ANNOUNCED,), FollowUpState.ESCALATED),
    # Training changes no state; it may be recorded at any time.
    FollowUpAction.RECORD_TRAINING: (tuple(FollowUpState.values), None),
}


def allowed_actions(follow_up: FollowUp) -> list[str]:
    return [
        a
        for a, (sources, _target) in TRANSITIONS.items()
        if follow_up.state in sources and a != FollowUpAction.NOTIFY
    ]


def _step(fu: FollowUp, actor, action, from_state, done_on, note, evidence, due_on):
    step = FollowUpStep(
        follow_up=fu,
        step=action,
        from_state=from_state,
        to_state=fu.state,
        actor=actor,
        done_on=done_on,
        due_on=due_on,
        note=note or "",
    )
    if evidence is not None:
        evidence_check(evidence)
        step.evidence = evidence
    step._history_user = actor
    step.save()
    return step


@transaction.atomic
def followup_open(*, actor, sample: Sample, notified_on, note: str = "", evidence=None) -> FollowUp:
    """Start the follow-up of a failed sample: the enterprise received the result on
    `notified_on`; the objection window runs from then."""
    _require(actor, "inspections.add_followup")
    _visible(actor, Sample, sample)
    notified_on = _date(notified_on, "notified_on")
    if sample.verdict != Verdict.FAIL:
        raise ValidationError(_("Only a failed sample is followed up."))
    if FollowUp.objects.filter(sample=sample).exists():
        raise ValidationError(_("This sample's follow-up has started already."))
    if notified_on > timezone.localdate():
        raise ValidationError({"notified_on": _("The date lies in the future.")})
    if notified_on < sample.sampled_on:
        raise ValidationError({"notified_on": _("The result cannot precede the sampling.")})
    fu = FollowUp(
        sample=sample,
        state=FollowUpState.NOTIFIED,
        notified_on=notified_on,
        objection_due_on=notified_on + _days("objection_days"),
    )
    fu.due_on = fu.objection_due_on
    fu._history_user = actor
    fu.save()
    _step(fu, actor, FollowUpAction.NOTIFY, "", notified_on, note, evidence, None)
    return fu


def _order_rectification(fu: FollowUp, on: dt.date) -> None:
    fu.rectification_ordered_on = on
    fu.rectification_due_on = on + _days("rectification_days")
    fu.reinspection_due_on = on + _days("reinspection_days")
    fu.due_on = fu.rectification_due_on


@transaction.atomic
def followup_transition(
    *,
    actor,
    follow_up: FollowUp,
    action: str,
    done_on=None,
    note: str = "",
    evidence=None,
    escalation: str = "",
    objection_waived: bool = False,
    training_attendees: int | None = None,
) -> FollowUp:
    """Take one step of the follow-up. A step that the current state does not allow, or that
    breaks a deadline rule, is refused with the reason and changes nothing."""
    _require(actor, "inspections.change_followup")
    _visible(actor, FollowUp, follow_up)
    fu = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    done_on = _date(done_on, "done_on") if done_on else timezone.localdate()
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown step %(a)s.") % {"a": action}})
    sources, target = TRANSITIONS[action]
    if fu.state not in sources:
        raise ValidationError(
            {
                "action": _(
                    "“%(a)s” is not possible while the follow-up is “%(s)s”; possible: %(p)s."
                )
                % {
                    "a": FollowUpAction(action).label,
                    "s": fu.get_state_display(),
                    "p": ", ".join(str(FollowUpAction(a).label) for a in allowed_actions(fu))
                    or _("nothing (it is finished)"),
                }
            }
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date lies in the future.")})
    last = fu.steps.order_by("-done_on").values_list("done_on", flat=True).first()
    if last and done_on < last and action != FollowUpAction.RECORD_TRAINING:
        raise ValidationError(
            {"done_on": _("The step cannot precede the previous one (%(d)s).") % {"d": last}}
        )
    from_state, due_before = fu.state, fu.due_on

    if action == FollowUpAction.OBJECT:
        if done_on > fu.objection_due_on:
            raise ValidationError(
                _("The objection window closed on %(d)s (%(n)s days after the result).")
                % {"d": fu.objection_due_on, "n": rules.followup_rules()["objection_days"]}
            )
        fu.due_on = None  # the laboratory re-tests the backup unit; no fixed deadline
    elif action == FollowUpAction.RETEST_PASS:
        fu.retest_verdict = Verdict.PASS
        fu.closed_on = done_on
        fu.due_on = None
    elif action == FollowUpAction.RETEST_FAIL:
        fu.retest_verdict = Verdict.FAIL
        _order_rectification(fu, done_on)
    elif action == FollowUpAction.ORDER_RECTIFICATION:
        if done_on <= fu.objection_due_on and not objection_waived:
            raise ValidationError(
                _(
                    "The objection window runs until %(d)s; order rectification after it, or "
                    "record that the enterprise waived its objection."
                )
                % {"d": fu.objection_due_on}
            )
        _order_rectification(fu, done_on)
    elif action == FollowUpAction.REPORT_RECTIFIED:
        fu.due_on = fu.reinspection_due_on
    elif action == FollowUpAction.REINSPECT_PASS:
        fu.closed_on = done_on
        fu.due_on = None
    elif action == FollowUpAction.REINSPECT_FAIL:
        fu.announced_on = done_on
        fu.second_reinspection_from = done_on + _days("second_reinspection_min_days")
        fu.second_reinspection_due_on = done_on + _days("second_reinspection_max_days")
        fu.due_on = fu.second_reinspection_due_on
    elif action in (FollowUpAction.SECOND_REINSPECT_PASS, FollowUpAction.SECOND_REINSPECT_FAIL):
        if done_on < fu.second_reinspection_from:
            raise ValidationError(
                _(
                    "The second re-inspection takes place %(a)s–%(b)s days after the "
                    "announcement: from %(f)s to %(t)s."
                )
                % {
                    "a": rules.followup_rules()["second_reinspection_min_days"],
                    "b": rules.followup_rules()["second_reinspection_max_days"],
                    "f": fu.second_reinspection_from,
                    "t": fu.second_reinspection_due_on,
                }
            )
        if action == FollowUpAction.SECOND_REINSPECT_FAIL:
            if escalation not in Escalation.values:
                raise ValidationError(
                    {"escalation": _("Say what is recommended: suspension or revocation.")}
                )
            fu.escalation = escalation
        fu.closed_on = done_on
        fu.due_on = None
    elif action == FollowUpAction.RECORD_TRAINING:
        if training_attendees is not None:
            training_attendees = _int(training_attendees, "training_attendees")
            if training_attendees < 1:
                raise ValidationError({"training_attendees": _("How many were trained?")})
        fu.training_on = done_on
        fu.training_attendees = training_attendees
        fu.training_note = note or ""
    if target is not None:
        fu.state = target
        # A new state has a new deadline; the daily job flags it again once that passes.
        fu.overdue = False
        fu.overdue_flagged_on = None
    fu._history_user = actor
    fu.save()
    _step(fu, actor, action, from_state, done_on, note, evidence, due_before)
    follow_up.refresh_from_db()
    return fu


def followups_flag_overdue(*, today: dt.date | None = None) -> int:
    """Flag open follow-ups whose current deadline has passed; unflag those that are not
    overdue any more. Returns how many were newly flagged."""
    today = today or timezone.localdate()
    with transaction.atomic():
        FollowUp.objects.filter(overdue=True).exclude(
            state__in=OPEN_STATES, due_on__lt=today
        ).update(overdue=False, overdue_flagged_on=None)
        return FollowUp.objects.filter(
            state__in=OPEN_STATES, due_on__lt=today, overdue=False
        ).update(overdue=True, overdue_flagged_on=today)


# -- inspectors -----------------------------------------------------------------------------------

INSPECTOR_FIELDS = ("name", "organization", "qualifications", "phone", "active")


def _inspector_apply(insp: Inspector, actor, data: dict) -> Inspector:
    unknown = sorted(set(data) - set(INSPECTOR_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    for key, value in data.items():
        if key in ("name", "qualifications", "phone"):
            value = (value or "").strip()
        setattr(insp, key, value)
    if not insp.name:
        raise ValidationError({"name": _("An inspector needs a name.")})
    if insp.organization_id is None:
        raise ValidationError({"organization": _("An inspector belongs to an organisation.")})
    _in_scope(actor, insp.organization.region)
    return _save(insp, actor)


@transaction.atomic
def inspector_create(*, actor, data: dict) -> Inspector:
    _require(actor, "inspections.add_inspector")
    return _inspector_apply(Inspector(), actor, dict(data))


@transaction.atomic
def inspector_update(*, actor, inspector: Inspector, data: dict) -> Inspector:
    _require(actor, "inspections.change_inspector")
    _visible(actor, Inspector, inspector)
    return _inspector_apply(inspector, actor, dict(data))


@transaction.atomic
def conflict_create(
    *,
    actor,
    inspector: Inspector,
    reason: str,
    enterprise: Enterprise | None = None,
    organization: Organization | None = None,
) -> InspectorConflict:
    _require(actor, "inspections.change_inspector")
    _visible(actor, Inspector, inspector)
    if (enterprise is None) == (organization is None):
        raise ValidationError(_("Name either the enterprise or the organisation."))
    require_referable(actor, enterprise, "enterprise")
    require_referable(actor, organization, "organization")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the conflict.")})
    item = InspectorConflict(
        inspector=inspector,
        enterprise=enterprise,
        organization=organization,
        reason=reason.strip(),
    )
    return _save(item, actor)


@transaction.atomic
def conflict_delete(*, actor, conflict: InspectorConflict) -> None:
    _require(actor, "inspections.change_inspector")
    _visible(actor, InspectorConflict, conflict)
    conflict._history_user = actor
    conflict.delete()
