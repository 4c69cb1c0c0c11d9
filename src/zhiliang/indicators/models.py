from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiliang.core.querysets import ReferenceQuerySet
from zhiliang.indicators.choices import Direction, IndicatorKind, ValueSource


class Indicator(models.Model):
    """An indicator of the catalogue, loaded from the apps' indicators.yaml files.

    `definition` keeps the YAML entry as loaded (numerator, denominator, date field, region
    path), so the engine and the page showing the formula read the same thing.
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    formula = models.TextField(_("formula"), blank=True)
    source = models.TextField(_("source"), blank=True)
    app = models.CharField(_("defined by"), max_length=32, blank=True)
    definition = models.JSONField(_("definition"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_rate(self) -> bool:
        return bool(self.definition.get("denominator"))


class IndicatorValueQuerySet(ReferenceQuerySet):
    # Figures are statistics, not records of persons or enterprises: any signed-in user
    # of the jurisdiction may read them, as the office publishes them anyway.
    business_data = False


class IndicatorValue(models.Model):
    """One indicator's figure for one region and one period.

    Rates keep numerator and denominator so that a parent's figure is the sum of its
    children's numerators over the sum of their denominators, never an average of rates.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(
        _("period"), max_length=9, help_text=_("2025, 2025-Q1, 2025-03 or 2024/2025")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=4)
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(
        _("value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.COMPUTED
    )
    computed_at = models.DateTimeField(_("computed at"))

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "region"], name="indicator_value_unique"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "region", "period"], name="indicator_value_series")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.region_id}: {self.value}"

