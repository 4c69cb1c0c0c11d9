"""Follow-up of a failed sample (后处理): objection, re-test, rectification,
re-inspection, announcement, escalation — a state machine with deadlines from
data/followup.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import require_perm, require_visible
from zhiliang.credit.hooks import credit_event
from zhiliang.inspections import rules
from zhiliang.inspections.choices import (
    OPEN_STATES,
    Escalation,
    FollowUpAction,
    FollowUpState,
    Verdict,
)
from zhiliang.inspections.models import FollowUp, FollowUpStep, Sample
from zhiliang.inspections.services._common import _date, _int, _save


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
    """The steps the state leads to, whatever the date (see `followup_steps` for today)."""
    return [
        a
        for a, (sources, _target) in TRANSITIONS.items()
        if follow_up.state in sources and a != FollowUpAction.NOTIFY
    ]


@dataclass(frozen=True)
class StepOption:
    """One step the follow-up's state leads to, as it stands on a given day: whether it may
    be taken then, why (or why not), and from when and until when."""

    action: str
    allowed: bool
    reason: str
    from_on: dt.date | None = None
    due_on: dt.date | None = None
    needs_waiver: bool = False  # only if the enterprise waived its objection

    @property
    def label(self) -> str:
        return str(FollowUpAction(self.action).label)


def _option(fu: FollowUp, action: str, on: dt.date) -> StepOption:
    r = rules.followup_rules()
    if action == FollowUpAction.OBJECT:
        window = {"d": fu.objection_due_on, "n": r["objection_days"]}
        if on > fu.objection_due_on:
            return StepOption(
                action,
                False,
                _("The objection window closed on %(d)s (%(n)s days after the result).") % window,
                due_on=fu.objection_due_on,
            )
        return StepOption(
            action,
            True,
            _("The enterprise may object until %(d)s (%(n)s days after the result).") % window,
            due_on=fu.objection_due_on,
        )
    if action == FollowUpAction.ORDER_RECTIFICATION:
        if on <= fu.objection_due_on:
            reason = _(
                "The objection window runs until %(d)s; order rectification after it, or "
                "record that the enterprise waived its objection."
            ) % {"d": fu.objection_due_on}
            return StepOption(
                action, True, reason, from_on=fu.objection_due_on + dt.timedelta(days=1),
                needs_waiver=True,
            )  # fmt: skip
        return StepOption(
            action,
            True,
            _("The objection window closed on %(d)s; the enterprise has %(n)s days to rectify.")
            % {"d": fu.objection_due_on, "n": r["rectification_days"]},
        )
    if action in (FollowUpAction.RETEST_PASS, FollowUpAction.RETEST_FAIL):
        return StepOption(action, True, _("The laboratory re-tests the backup unit."))
    if action == FollowUpAction.REPORT_RECTIFIED:
        reason = _("The enterprise reports its rectification by %(d)s.")
        return StepOption(
            action, True, reason % {"d": fu.rectification_due_on}, due_on=fu.rectification_due_on
        )
    if action in (FollowUpAction.REINSPECT_PASS, FollowUpAction.REINSPECT_FAIL):
        reason = _("The re-inspection is due by %(d)s.")
        return StepOption(
            action, True, reason % {"d": fu.reinspection_due_on}, due_on=fu.reinspection_due_on
        )
    if action in (FollowUpAction.SECOND_REINSPECT_PASS, FollowUpAction.SECOND_REINSPECT_FAIL):
        reason = _(
            "The second re-inspection takes place %(a)s–%(b)s days after the "
            "announcement: from %(f)s to %(t)s."
        ) % {
            "a": r["second_reinspection_min_days"],
            "b": r["second_reinspection_max_days"],
            "f": fu.second_reinspection_from,
            "t": fu.second_reinspection_due_on,
        }
        return StepOption(
            action,
            on >= fu.second_reinspection_from,
            reason,
            from_on=fu.second_reinspection_from,
            due_on=fu.second_reinspection_due_on,
        )
    return StepOption(action, True, _("Training changes no state; record it when it was held."))


def followup_steps(follow_up: FollowUp, on: dt.date | None = None) -> list[StepOption]:
    """The steps of the current state as they stand on `on` (today): the page offers the
    allowed ones and explains the others; `followup_transition` refuses what is not allowed
    on the step's date, with the same reason."""
    on = on or timezone.localdate()
    return [_option(follow_up, a, on) for a in allowed_actions(follow_up)]


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
    step = _save(step, actor)
    credit_event(fu.sample.enterprise_id)  # its credit records and class, at once
    return step


@transaction.atomic
def followup_open(*, actor, sample: Sample, notified_on, note: str = "", evidence=None) -> FollowUp:
    """Start the follow-up of a failed sample: the enterprise received the result on
    `notified_on`; the objection window runs from then."""
    require_perm(actor, "inspections.add_followup")
    require_visible(actor, sample)
    notified_on = _date(notified_on, "notified_on")
    if sample.verdict != Verdict.FAIL:
        raise ValidationError(_("Only a failed sample is followed up."))
    if FollowUp.objects.filter(sample=sample).exists():
        raise ValidationError(_("This sample's follow-up has started already."))
    fu = FollowUp(
        sample=sample,
        state=FollowUpState.NOTIFIED,
        notified_on=notified_on,
        objection_due_on=notified_on + _days("objection_days"),
    )
    fu.due_on = fu.objection_due_on
    _save(fu, actor)
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
    require_perm(actor, "inspections.change_followup")
    require_visible(actor, follow_up)
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
    # The step's own rule (no date in the future) first: the deadlines below are judged
    # on the step's date.
    FollowUpStep(done_on=done_on).clean()
    last = fu.steps.order_by("-done_on").values_list("done_on", flat=True).first()
    if last and done_on < last and action != FollowUpAction.RECORD_TRAINING:
        raise ValidationError(
            {"done_on": _("The step cannot precede the previous one (%(d)s).") % {"d": last}}
        )
    option = _option(fu, action, done_on)
    if not option.allowed or (option.needs_waiver and not objection_waived):
        raise ValidationError(option.reason)
    from_state, due_before = fu.state, fu.due_on

    if action == FollowUpAction.OBJECT:
        fu.due_on = None  # the laboratory re-tests the backup unit; no fixed deadline
    elif action == FollowUpAction.RETEST_PASS:
        fu.retest_verdict = Verdict.PASS
        fu.closed_on = done_on
        fu.due_on = None
    elif action == FollowUpAction.RETEST_FAIL:
        fu.retest_verdict = Verdict.FAIL
        _order_rectification(fu, done_on)
    elif action == FollowUpAction.ORDER_RECTIFICATION:
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
        fu.training_on = done_on
        fu.training_attendees = training_attendees
        fu.training_note = note or ""
    if target is not None:
        fu.state = target
        # A new state has a new deadline; the daily job flags it again once that passes.
        fu.overdue = False
        fu.overdue_flagged_on = None
    _save(fu, actor)
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
