"""Assessment schemes and their items."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.assessments.choices import ItemKind, ScoringRule
from zhiliang.assessments.models.common import FIGURE, POINTS, default_grade_bands
from zhiliang.assessments.rules import grade_bands
from zhiliang.core.querysets import JurisdictionQuerySet


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
