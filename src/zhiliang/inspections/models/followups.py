"""Follow-up of a failed sample (后处理) and its steps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.inspections.choices import Escalation, FollowUpAction, FollowUpState, Verdict
from zhiliang.inspections.models.samples import Sample, SamplePartQuerySet


class FollowUp(models.Model):
    """The follow-up of a failed sample (后处理), a state machine whose deadlines come from
    data/followup.yaml: notified → (objection: re-test) → rectification → re-inspection →
    closed; or → public announcement → second re-inspection → closed or escalated."""

    sample = models.OneToOneField(
        Sample, verbose_name=_("sample"), on_delete=models.PROTECT, related_name="follow_up"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=FollowUpState.choices, default=FollowUpState.NOTIFIED
    )
    notified_on = models.DateField(_("result received on"))
    objection_due_on = models.DateField(_("objection deadline"))
    retest_verdict = models.CharField(
        _("re-test verdict"), max_length=8, choices=Verdict.choices, blank=True
    )
    rectification_ordered_on = models.DateField(
        _("rectification ordered on"), null=True, blank=True
    )
    rectification_due_on = models.DateField(_("rectification due on"), null=True, blank=True)
    reinspection_due_on = models.DateField(_("re-inspection due on"), null=True, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    second_reinspection_from = models.DateField(
        _("second re-inspection from"), null=True, blank=True
    )
    second_reinspection_due_on = models.DateField(
        _("second re-inspection due on"), null=True, blank=True
    )
    # The deadline of the current state, and whether the daily job found it passed.
    due_on = models.DateField(_("current deadline"), null=True, blank=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    overdue_flagged_on = models.DateField(_("flagged overdue on"), null=True, blank=True)
    escalation = models.CharField(
        _("escalation"), max_length=12, choices=Escalation.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    training_on = models.DateField(_("staff training on"), null=True, blank=True)
    training_attendees = models.PositiveIntegerField(_("staff trained"), null=True, blank=True)
    training_note = models.TextField(_("training note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = SamplePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"], name="followup_state_due")]

    def __str__(self):
        return f"{self.sample} · {self.get_state_display()}"

    def clean(self):
        # Which step may follow which, and when, is the state machine's
        # (`services.followup_transition`); these hold for any state.
        errors = dates_not_in_future(self, {"notified_on": _("The date")})
        notified = self.notified_on
        if notified and self.sample_id and notified < self.sample.sampled_on:
            errors.setdefault("notified_on", _("The result cannot precede the sampling."))
        if self.training_attendees is not None and self.training_attendees < 1:
            errors["training_attendees"] = _("How many were trained?")
        if errors:
            raise ValidationError(errors)


class FollowUpStepQuerySet(JurisdictionQuerySet):
    region_field = "follow_up__sample__region"


class FollowUpStep(models.Model):
    """One step of a follow-up: who did what, when, by which deadline, with what evidence."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("step"), max_length=24, choices=FollowUpAction.choices)
    from_state = models.CharField(
        _("from state"), max_length=16, choices=FollowUpState.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=16, choices=FollowUpState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_on = models.DateField(_("done on"))
    due_on = models.DateField(_("was due on"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="inspections/followup/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = FollowUpStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
        ordering = ["follow_up_id", "done_on", "id"]

    def __str__(self):
        return f"{self.get_step_display()} ({self.done_on})"

    def clean(self):
        errors = dates_not_in_future(self, {"done_on": _("The date")})
        if errors:
            raise ValidationError(errors)

    @property
    def late(self) -> bool:
        return bool(self.due_on and self.done_on > self.due_on)
