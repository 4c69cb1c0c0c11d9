"""Supervision sampling (监督抽查): plans and quotas, the 双随机 draw of enterprises and
inspectors, samples with their test items, and the follow-up of failures (后处理)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.inspections import rules
from zhiliang.inspections.choices import (
    Escalation,
    FollowUpAction,
    FollowUpState,
    PickShare,
    PlanLevel,
    PlanStatus,
    SamplePlace,
    Verdict,
)


class InspectorQuerySet(JurisdictionQuerySet):
    region_field = "organization__region"


class Inspector(models.Model):
    """An enforcement officer of the inspector register (执法检查人员名录库)."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="inspectors",
    )
    qualifications = models.CharField(_("qualifications"), max_length=255, blank=True)
    # Personal data: shown masked (core.masking) unless the viewer may see it.
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = InspectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["organization_id", "name", "id"]

    def __str__(self):
        return self.name


class InspectorConflictQuerySet(JurisdictionQuerySet):
    region_field = "inspector__organization__region"


class InspectorConflict(models.Model):
    """A conflict of interest (回避): the inspector is never drawn for this enterprise, nor for
    any enterprise in the area of this organisation (e.g. a bureau the inspector came from)."""

    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(pgettext_lazy("conflict", "reason"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = InspectorConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["inspector_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=False) | models.Q(organization__isnull=False),
                name="inspectorconflict_has_party",
            )
        ]

    def __str__(self):
        return f"{self.inspector} ↔ {self.enterprise or self.organization}"


class SamplingPlanQuerySet(JurisdictionQuerySet):
    pass


class SamplingPlan(models.Model):
    """A year's supervision sampling plan (监督抽查计划) of one authority over its jurisdiction.

    `random_share` of each quota is drawn purely at random (the control share); the rest is
    drawn weighted by the enterprises' credit risk class with the weights below.
    """

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=PlanLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    authority = models.ForeignKey(
        "core.Organization",
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    random_share = models.DecimalField(
        _("random (control) share"),
        max_digits=4,
        decimal_places=3,
        default=rules.default_random_share,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    team_size = models.PositiveSmallIntegerField(
        _("inspectors per enterprise"),
        default=rules.default_team_size,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    weight_a = models.DecimalField(
        _("weight of class A"), max_digits=6, decimal_places=3, default=rules.default_weight_a
    )
    weight_b = models.DecimalField(
        _("weight of class B"), max_digits=6, decimal_places=3, default=rules.default_weight_b
    )
    weight_c = models.DecimalField(
        _("weight of class C"), max_digits=6, decimal_places=3, default=rules.default_weight_c
    )
    weight_d = models.DecimalField(
        _("weight of class D"), max_digits=6, decimal_places=3, default=rules.default_weight_d
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = SamplingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("sampling plan")
        verbose_name_plural = _("sampling plans")
        ordering = ["-year", "-id"]

    def __str__(self):
        return f"{self.year} {self.name}"

    def weights(self) -> dict[str, float]:
        return {
            "A": float(self.weight_a),
            "B": float(self.weight_b),
            "C": float(self.weight_c),
            "D": float(self.weight_d),
        }


class PlanPartQuerySet(JurisdictionQuerySet):
    region_field = "plan__region"


class PlanQuota(models.Model):
    """How many enterprises making a product (or any product of a category) to draw in a
    region (a county, or the plan's whole jurisdiction)."""

    plan = models.ForeignKey(
        SamplingPlan,
        verbose_name=pgettext_lazy("sampling", "plan"),
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product or category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveIntegerField(_("enterprises to draw"))
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["plan_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "product", "region"], name="planquota_unique_product_region"
            )
        ]

    def __str__(self):
        return f"{self.product} · {self.region} × {self.quota}"


class Draw(models.Model):
    """One run of the 双随机 draw for a plan: its seed, inputs and result. Anyone may re-run it
    from the seed and the inputs (`zhiliang sampling verify-draw`); once published it cannot
    change."""

    plan = models.ForeignKey(
        SamplingPlan,
        verbose_name=pgettext_lazy("sampling", "plan"),
        on_delete=models.PROTECT,
        related_name="draws",
    )
    seed = models.BigIntegerField(_("seed"))
    algorithm = models.CharField(_("algorithm version"), max_length=32)
    as_of = models.DateTimeField(_("data as of"))
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    result_digest = models.CharField(_("result SHA-256"), max_length=64)
    # The eligible pool of every quota (ids and risk classes, compressed), so that the draw
    # can be re-run even after the registers change; `inputs` holds each pool's digest.
    pools = models.JSONField(_("eligible pools"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The pools can be megabytes and never change: kept out of the history.
    history = HistoricalRecords(excluded_fields=["pools"])

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-created_at", "-id"]
        permissions = [("publish_draw", _("Can publish a draw"))]

    def __str__(self):
        return f"{self.plan} · #{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def method(self) -> str:
        """How it drew, in words; `algorithm` keeps the version id that verification needs."""
        return str(DRAW_METHODS.get(self.algorithm, self.algorithm))


# The draw's algorithm versions (draw.ALGORITHM) as the pages name them.
DRAW_METHODS = {
    "es-keys-v1": _("random draw, a control share by equal chance and the rest weighted by risk"),
}


class DrawPartQuerySet(JurisdictionQuerySet):
    region_field = "draw__plan__region"


class DrawPick(models.Model):
    """An enterprise drawn for a quota, from the random share or the weighted share."""

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="picks"
    )
    quota = models.ForeignKey(
        PlanQuota, verbose_name=_("quota"), on_delete=models.PROTECT, related_name="picks"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    share = models.CharField(_("share"), max_length=10, choices=PickShare.choices)
    order = models.PositiveIntegerField(_("order"))
    inspectors = models.ManyToManyField(
        Inspector, through="DrawInspector", verbose_name=_("inspectors"), related_name="picks"
    )

    objects = DrawPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("drawn enterprise")
        verbose_name_plural = _("drawn enterprises")
        ordering = ["draw_id", "quota_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "quota", "order"], name="drawpick_unique_order")
        ]

    def __str__(self):
        return f"{self.enterprise} ({self.get_share_display()})"


class DrawInspector(models.Model):
    """An inspector drawn for a pick's team."""

    pick = models.ForeignKey(
        DrawPick, verbose_name=_("pick"), on_delete=models.CASCADE, related_name="team"
    )
    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("drawn inspector")
        verbose_name_plural = _("drawn inspectors")
        ordering = ["pick_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pick", "inspector"], name="drawinspector_unique")
        ]

    def __str__(self):
        return str(self.inspector)


class SampleQuerySet(JurisdictionQuerySet):
    # The enterprise's region when sampled, copied so that statistics need no join.
    region_field = "region"


class Sample(models.Model):
    """A sample taken under a plan (抽样): split into test units and backup units; its verdict
    follows its test items (any failed item fails it)."""

    sample_number = models.CharField(_("sample number"), max_length=40, unique=True)
    plan = models.ForeignKey(
        SamplingPlan,
        verbose_name=pgettext_lazy("sampling", "plan"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    pick = models.ForeignKey(
        DrawPick,
        verbose_name=_("draw pick"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samples",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        help_text=_("The enterprise's region when sampled."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model = models.CharField(_("model / specification"), max_length=100, blank=True)
    batch = models.CharField(_("batch or production date"), max_length=64, blank=True)
    sampled_on = models.DateField(_("sampled on"))
    place = models.CharField(
        _("place"), max_length=12, choices=SamplePlace.choices, default=SamplePlace.PRODUCTION
    )
    test_units = models.PositiveSmallIntegerField(_("test units"), default=1)
    backup_units = models.PositiveSmallIntegerField(_("backup units"), default=1)
    laboratory = models.ForeignKey(
        "core.Organization",
        verbose_name=_("laboratory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, default=Verdict.PENDING
    )
    tested_on = models.DateField(_("test report date"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = SampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-sampled_on", "-id"]
        permissions = [("publish_sample", _("Can publish sampling results"))]
        indexes = [
            # The 6-month rule: has this enterprise been sampled for this product lately?
            models.Index(fields=["enterprise", "product", "sampled_on"], name="sample_repeat"),
            models.Index(fields=["region", "sampled_on"], name="sample_region_date"),
            # Pass rates by region: a covering range scan of the jurisdiction's samples.
            models.Index(fields=["region", "verdict"], name="sample_region_verdict"),
            models.Index(fields=["plan", "verdict"], name="sample_plan_verdict"),
        ]

    def __str__(self):
        return self.sample_number


class SamplePartQuerySet(JurisdictionQuerySet):
    region_field = "sample__region"


class TestItem(models.Model):
    """One tested requirement of a sample (检验项目) and its verdict."""

    __test__ = False  # not a pytest test class, despite its name

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="test_items"
    )
    item = models.CharField(_("test item"), max_length=128)
    standard = models.CharField(_("standard"), max_length=64, blank=True)
    clause = models.CharField(_("clause"), max_length=32, blank=True)
    requirement = models.CharField(_("requirement"), max_length=255, blank=True)
    measured_value = models.CharField(_("measured value"), max_length=128, blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, default=Verdict.PENDING
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = SamplePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["sample_id", "order", "id"]

    def __str__(self):
        return self.item


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

    @property
    def late(self) -> bool:
        return bool(self.due_on and self.done_on > self.due_on)
