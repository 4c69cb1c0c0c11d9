from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.plans.choices import Comparator, NoticeStatus, ProgressStatus, UnitRole
from zhiliang.plans.querysets import NoticeQuerySet, PlanPartQuerySet, PlanQuerySet, ReportQuerySet


class Plan(models.Model):
    """A quality-development plan (实施方案、实施意见、行动计划) made from a policy document."""

    title = models.CharField(_("title"), max_length=255)
    doc_number = models.CharField(_("document number"), max_length=64, blank=True)
    issuer = models.CharField(_("issuer"), max_length=128, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    source_name = models.CharField(_("source file name"), max_length=255, blank=True)
    source_text = models.TextField(_("source text"))
    source_file = models.FileField(_("source file"), upload_to="plans/%Y/", blank=True)
    source_hash = models.CharField(_("source SHA-256"), max_length=64, db_index=True)
    # 任务分解: the higher level's plan this one adopts (a district's plan from the city's).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "source_hash"], name="plan_unique_source"),
            models.UniqueConstraint(
                fields=["parent", "region"],
                condition=Q(parent__isnull=False),
                name="plan_one_adoption_per_region",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        self.title = (self.title or "").strip()
        if not self.title:
            raise ValidationError({"title": _("A plan needs a title.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class Phase(models.Model):
    """A named stage of a plan with its months (规划筹备阶段 2018-04 – 2018-05)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField(_("name"), max_length=128)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["plan", "order", "starts_on"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.name or "").strip():
            raise ValidationError({"name": _("A phase needs a name.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The phase ends before it starts.")})


class FromSource(models.Model):
    """An item read from the plan's document: where it stands there, and its place in order."""

    span_start = models.PositiveIntegerField(_("source span start"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("source span end"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


class Target(FromSource):
    """A number the plan commits to (监督抽查合格率 ≥ 95 %)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator_text = models.CharField(_("indicator as written"), max_length=255)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    deadline = models.CharField(_("deadline (year or year-month)"), max_length=7, blank=True)
    # Filled by the indicators issue: the catalogue entry this target is measured by.
    indicator_code = models.CharField(_("indicator code"), max_length=64, blank=True)
    # 任务分解: the higher plan's item this one adopts, with its own value, units and dates.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return f"{self.indicator_text} {self.comparator} {self.value:g}{self.unit}"

    def clean(self):
        if not (self.indicator_text or "").strip():
            raise ValidationError(_("A target needs the indicator it measures."))


class Task(FromSource):
    """A task of the plan with the units that lead it and those that cooperate."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    units = models.ManyToManyField(
        "core.Organization", through="TaskUnit", verbose_name=_("units"), related_name="tasks"
    )
    # Names as the document wrote them, including collective ones (区政府有关单位).
    units_as_written = models.JSONField(_("units as written"), default=dict, blank=True)
    # 任务分解: the higher plan's item this one adopts, with its own value, units and dates.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return self.title


class TaskUnit(models.Model):
    """One organisation's part in a task: lead (牵头) or cooperating (配合)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="task_units"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=UnitRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="taskunit_unique")
        ]

    def __str__(self):
        return f"{self.task} · {self.organization} ({self.get_role_display()})"


class ProgressReport(models.Model):
    """A department's report on a task or a target: status, narrative, value, evidence."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reports"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    reported_value = models.DecimalField(
        _("reported value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, target__isnull=True)
                | models.Q(task__isnull=True, target__isnull=False),
                name="report_on_task_or_target",
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.reported_on} · {self.get_status_display()}"

    def clean(self):
        if (self.task_id is None) == (self.target_id is None):
            raise ValidationError(
                {"task": _("A report is about one task or one target: name exactly one.")}
            )
        if self.reported_on and self.reported_on > timezone.localdate():
            raise ValidationError({"reported_on": _("A report cannot be dated in the future.")})
        item = self.task if self.task_id else self.target
        if self.plan_id != item.plan_id:
            raise ValidationError(_("A report belongs to the plan of its task or target."))


class Evidence(models.Model):
    """A file attached to a progress report (pdf, jpg, png, docx, xlsx; checked by content)."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class SupervisionNotice(models.Model):
    """督办: the office tells a lead unit to act on an overdue task, and follows the answer."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="notices"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="notices"
    )
    to_organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    reason = models.TextField(_("reason"))
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    respond_by = models.DateField(_("answer due by"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-drafted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "to_organization"],
                condition=models.Q(status__in=["draft", "issued", "answered"]),
                name="notice_one_open_per_task_unit",
            )
        ]

    def __str__(self):
        return f"督办 · {self.task} → {self.to_organization}"

    def clean(self):
        if self.task_id and self.plan_id != self.task.plan_id:
            raise ValidationError(_("A notice belongs to the plan of its task."))
        if self.status == NoticeStatus.ISSUED and self.respond_by is None:
            raise ValidationError({"respond_by": _("Give the date by which the unit must answer.")})
        if self.status == NoticeStatus.ANSWERED and not (self.response or "").strip():
            raise ValidationError({"response": _("Write the answer.")})
