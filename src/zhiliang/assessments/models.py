from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.assessments.choices import ItemKind, ResultStatus, ScoringRule, SubjectKind
from zhiliang.assessments.rules import grade_bands
from zhiliang.core.querysets import JurisdictionQuerySet

POINTS = {"max_digits": 7, "decimal_places": 2}
FIGURE = {"max_digits": 20, "decimal_places": 4}


def default_grade_bands():
    # 国办发〔2013〕47号: A ≥ 90, B 80–89, C 60–79, D ≤ 59 (DOMAIN.md). Kept per scheme.
    return [["A", 90], ["B", 80], ["C", 60], ["D", 0]]


class TargetLinkQuerySet(JurisdictionQuerySet):
    region_field = "target__plan__region"


class TargetLink(models.Model):
    """The catalogue indicator a plan target is measured by, confirmed by a person."""

    target = models.OneToOneField(
        "plans.Target",
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="indicator_link",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="target_links",
    )
    suggested = models.BooleanField(
        _("as suggested"), default=False, help_text=_("The synonym table proposed it.")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now=True)
    history = HistoricalRecords()

    objects = TargetLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("target link")
        verbose_name_plural = _("target links")
        ordering = ["target"]

    def __str__(self):
        return f"{self.target} → {self.indicator.code}"


class SchemeQuerySet(JurisdictionQuerySet):
    pass


class AssessmentScheme(models.Model):
    """An assessment scheme (考核细则): items with points and rules, veto items, grade bands.

    Loaded from YAML in `assessments/data/` and editable in the admin.
    """

    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region of the assessing office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(
        _("period"), max_length=9, help_text=_("usually an assessment year like 2025/2026")
    )
    total_points = models.DecimalField(_("total points"), default=100, **POINTS)
    grade_bands = models.JSONField(
        _("grade bands"),
        default=default_grade_bands,
        help_text=_('[["A", 90], ["B", 80], …]: a grade and the least points it needs'),
    )
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-period", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="scheme_unique_code")
        ]

    def __str__(self):
        return f"{self.name} ({self.period})"

    def clean(self):
        from zhiliang.indicators import periods

        try:
            periods.parse(str(self.period or ""))
        except periods.PeriodError as exc:
            raise ValidationError({"period": str(exc)}) from None
        try:
            self.grade_bands = grade_bands(self.grade_bands)
        except ValidationError as exc:
            raise ValidationError({"grade_bands": exc.messages}) from None


class SchemeItemQuerySet(JurisdictionQuerySet):
    region_field = "scheme__region"


class SchemeItem(models.Model):
    """One item of a scheme: an indicator or a manual check with points, or a veto item."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(_("points"), default=0, **POINTS)
    rule = models.CharField(
        _("scoring rule"), max_length=10, choices=ScoringRule.choices, default=ScoringRule.LINEAR
    )
    target = models.DecimalField(_("target value"), null=True, blank=True, **FIGURE)
    floor = models.DecimalField(
        _("floor"),
        null=True,
        blank=True,
        help_text=_("linear rule: the value that scores zero"),
        **FIGURE,
    )
    veto_grade = models.CharField(
        _("grade when vetoed"), max_length=4, blank=True, help_text=_("veto items only")
    )
    guidance = models.TextField(_("what to check and the evidence to keep"), blank=True)
    # A key of auto_items.AUTO_ITEMS: the records that propose the item when a result is drafted.
    auto_rule = models.CharField(_("automatic check"), max_length=32, blank=True)
    history = HistoricalRecords()

    objects = SchemeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")
        ordering = ["scheme", "order", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.name or "").strip():
            raise ValidationError({"name": _("An item needs a name.")})
        if self.points is not None and self.points < 0:
            raise ValidationError({"points": _("Points cannot be negative.")})
        if self.kind == ItemKind.INDICATOR and (self.indicator_id is None or self.target is None):
            raise ValidationError(_("An indicator item needs its indicator and a target."))
        if self.kind == ItemKind.MANUAL and self.rule != ScoringRule.PASS_FAIL:
            raise ValidationError({"rule": _("A manual check is scored pass/fail.")})
        if self.kind == ItemKind.VETO and (self.points or self.rule != ScoringRule.PASS_FAIL):
            raise ValidationError(_("A veto item scores no points and is pass/fail."))
        if self.auto_rule and self.kind == ItemKind.INDICATOR:
            raise ValidationError({"auto_rule": _("Only veto items and manual checks have one.")})


class ResultQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        """Results run within the jurisdiction, and the published results of a higher level
        in which a region or organisation of the jurisdiction is assessed: a district office
        sees the city's ranking it is part of, a department the one it is scored in."""
        inside = super().visible_to(user)
        if inside.query.is_empty():
            return inside
        from zhiliang.core.models.regions import subtree_ids

        ids = subtree_ids(user.jurisdiction.code)
        assessed = ResultEntry.objects.filter(
            models.Q(region__id__range=ids) | models.Q(organization__region__id__range=ids)
        ).values("result_id")
        return self.filter(
            models.Q(region__id__range=ids) | models.Q(status__in=PUBLIC_STATUSES, id__in=assessed)
        )


# Statuses whose results are shown beyond the office that runs them.
PUBLIC_STATUSES = (ResultStatus.PUBLISHED, ResultStatus.SUPERSEDED)


class AssessmentResult(models.Model):
    """One run of a scheme over the regions or departments of a region: a numbered version.

    A published result is frozen: entries keep the values and scores as they were.
    """

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("assessed within"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_kind = models.CharField(_("assessed"), max_length=12, choices=SubjectKind.choices)
    period = models.CharField(_("period"), max_length=9)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    # The scheme as it stood when run: name, bands, items (a scheme may change later).
    scheme_snapshot = models.JSONField(_("scheme as run"), default=dict)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), on_delete=models.PROTECT
    )
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["-run_at", "-id"]
        permissions = [("publish_assessmentresult", _("Can publish an assessment result"))]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "region", "subject_kind", "period", "version"],
                name="result_unique_version",
            )
        ]

    def __str__(self):
        return f"{self.scheme.name} · {self.region} · {self.period} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != ResultStatus.DRAFT


class EntryQuerySet(JurisdictionQuerySet):
    region_field = "result__region"

    def visible_to(self, user):
        # Whoever sees a result sees its ranking.
        return self.filter(result__in=AssessmentResult.objects.visible_to(user).values("id"))


class ResultEntry(models.Model):
    """One assessed region or department in a result: total, grade, rank, veto."""

    result = models.ForeignKey(
        AssessmentResult,
        verbose_name=_("result"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=128)
    total = models.DecimalField(_("total points"), default=0, **POINTS)
    grade = models.CharField(_("grade"), max_length=4, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    history = HistoricalRecords()

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("result entry")
        verbose_name_plural = _("result entries")
        ordering = ["result", "rank", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, organization__isnull=True)
                | models.Q(region__isnull=True, organization__isnull=False),
                name="entry_region_or_organization",
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.total} {self.grade}"


class ItemScoreQuerySet(JurisdictionQuerySet):
    region_field = "entry__result__region"

    def visible_to(self, user):
        return self.filter(entry__result__in=AssessmentResult.objects.visible_to(user).values("id"))


class ItemScore(models.Model):
    """One item's score for one entry, with the value behind it as it was when scored.

    Manual checks and veto items are decided by office staff with a note and evidence.
    """

    entry = models.ForeignKey(
        ResultEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        SchemeItem,
        verbose_name=_("scheme item"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("item"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    indicator_code = models.CharField(_("indicator code"), max_length=64, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    points = models.DecimalField(_("points available"), default=0, **POINTS)
    value = models.DecimalField(_("value"), null=True, blank=True, **FIGURE)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **FIGURE)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **FIGURE)
    value_period = models.CharField(_("period of the value"), max_length=9, blank=True)
    passed = models.BooleanField(
        _("passed / veto applies"),
        null=True,
        blank=True,
        help_text=_("manual checks: passed; veto items: the veto applies"),
    )
    score = models.DecimalField(_("score"), default=0, **POINTS)
    veto_grade = models.CharField(_("grade when vetoed"), max_length=4, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ItemScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["entry", "order", "id"]

    def __str__(self):
        return f"{self.name}: {self.score}"


class ItemEvidence(models.Model):
    """A file behind a manual check or a veto decision (pdf, jpg, png, docx, xlsx)."""

    score = models.ForeignKey(
        ItemScore, verbose_name=_("item score"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="assessments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name
