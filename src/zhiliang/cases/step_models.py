"""The case engine's records around a case: its steps (who acted when), its clocks
(deadlines computed by `clocks.clocks_compute` from data/case_kinds.yaml), interviews,
documents and escalation notices."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case as When_
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind, DeadlineState
from zhiliang.cases.querysets import CaseQuerySet, OfCaseQuerySet
from zhiliang.core.validators import dates_not_in_future


def _org(label):
    return models.ForeignKey(
        "core.Organization", verbose_name=label, on_delete=models.PROTECT, related_name="+"
    )


class Step(models.Model):
    """A stage entered or an event recorded (续报, progress report): who, when, what."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="steps"
    )
    code = models.CharField(_("step"), max_length=24)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OfCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "code"], name="casestep_case_code")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return rules.stage_label(self.case.kind, self.code)


class Interview(models.Model):
    """约谈: who attended, the issues, the commitments and the follow-up check."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="interviews"
    )
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(_("attendees"))
    issues = models.TextField(_("issues raised"))
    commitments = models.TextField(_("commitments"), blank=True)
    follow_up_on = models.DateField(_("follow-up check by"))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    check_result = models.TextField(_("result of the check"), blank=True)
    history = HistoricalRecords()

    objects = OfCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.case.number} {self.held_on}"

    def clean(self):
        errors = dates_not_in_future(
            self, {"held_on": _("The interview date"), "checked_on": _("The check date")}
        )
        if self.held_on and self.follow_up_on and self.follow_up_on < self.held_on:
            errors["follow_up_on"] = _("The follow-up lies before the interview.")
        if self.checked_on and self.held_on and self.checked_on < self.held_on:
            errors.setdefault("checked_on", _("The check lies before the interview."))
        if self.checked_on and not (self.check_result or "").strip():
            errors["check_result"] = _("Give the result of the check.")
        if errors:
            raise ValidationError(errors)


def state_expression(now):
    """A deadline's state in SQL (met / met late / late / running) at `now`."""
    return When_(
        When(met_at__isnull=False, met_at__lte=models.F("due"), then=Value(DeadlineState.MET)),
        When(met_at__isnull=False, then=Value(DeadlineState.MET_LATE)),
        When(due__lt=now, then=Value(DeadlineState.LATE)),
        default=Value(DeadlineState.OPEN),
        output_field=models.CharField(),
    )


class Deadline(models.Model):
    """One clock of a case: computed by `clocks.clocks_compute` and nowhere else.
    Region, offices and the case's kind are copied so the timer page groups without a join."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines"
    )
    interview = models.ForeignKey(
        Interview,
        verbose_name=_("interview"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    kind = models.CharField(_("clock"), max_length=32)
    # A repeating clock (a recall's progress reports) runs once per period: 1, 2, 3 …
    period = models.PositiveSmallIntegerField(_("period"), default=1)
    case_kind = models.CharField(_("kind of case"), max_length=16, choices=CaseKind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    office = _org(_("handling office"))
    listing_office = _org(_("listing office"))
    started_at = models.DateTimeField(_("runs from"))
    due = models.DateTimeField(_("due"))
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.CharField(_("reason for the extension"), max_length=255, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "period"],
                condition=Q(interview__isnull=True),
                name="deadline_case_kind_period",
            ),
            models.UniqueConstraint(
                fields=["interview"],
                condition=Q(interview__isnull=False),
                name="deadline_interview",
            ),
        ]
        # The timer page and the home panel read only the running clocks: grouped by clock
        # within a region range (covering), and in due order for the page's rows.
        indexes = [
            models.Index(
                fields=["region", "kind", "due"],
                name="deadline_running",
                condition=Q(met_at__isnull=True),
            ),
            models.Index(
                fields=["due"], name="deadline_running_due", condition=Q(met_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.case.number} {self.label}"

    @property
    def label(self) -> str:
        return rules.clock_label(self.kind, self.period)

    @property
    def state(self) -> str:
        if self.met_at is not None:
            return DeadlineState.MET if self.met_at <= self.due else DeadlineState.MET_LATE
        return DeadlineState.LATE if self.due < timezone.now() else DeadlineState.OPEN

    @property
    def state_label(self) -> str:
        return DeadlineState(self.state).label


class Escalation(models.Model):
    """A notice that a deadline passed, addressed to the office above (drafted by the daily
    job, once per deadline)."""

    deadline = models.OneToOneField(
        Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="escalation"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="escalations"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = _org(_("addressed to"))
    raised_at = models.DateTimeField(_("raised at"))

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation notice")
        verbose_name_plural = _("escalation notices")
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return f"{self.case_id} {self.deadline_id}"


class CaseDocument(models.Model):
    """A document of a case (pdf, jpg, png, docx, xlsx; checked by content)."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OfCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title
