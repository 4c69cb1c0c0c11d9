from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReferenceQuerySet
from zhiliang.indicators import periods
from zhiliang.indicators.choices import (
    Direction,
    IndicatorKind,
    PeriodKind,
    Publication,
    RunStatus,
    ValueSource,
)

# How a computed indicator counts its registry's records (catalogue.PERIOD_MODES).
COUNTED = {
    "flow": _("records dated in the period"),
    "stock": _("records standing at the period's end"),
}


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
    def defined_by(self) -> str:
        """The part of the system whose catalogue defines it, in the reader's language."""
        try:
            return str(apps.get_app_config(self.app).verbose_name)
        except LookupError:
            return self.app

    @property
    def registry(self) -> list[str]:
        """What a computed indicator counts, in words: each registry and how it is counted."""
        names = []
        for _part, source in self.parts:
            try:
                name = str(apps.get_model(source["model"])._meta.verbose_name_plural)
            except (LookupError, ValueError):
                continue
            counted = COUNTED.get(source["period_mode"])
            label = f"{name} · {counted}" if counted else name
            if label not in names:
                names.append(label)
        return names

    @property
    def is_rate(self) -> bool:
        return bool(self.definition.get("denominator"))

    @property
    def parts(self) -> list[tuple[str, dict]]:
        """(numerator|denominator, the part with the entry's defaults filled in)."""
        keys = ("model", "region_field", "date_field", "period_mode", "end_field")
        found = []
        for name in ("numerator", "denominator"):
            part = self.definition.get(name)
            if part:
                merged = {k: part.get(k, self.definition.get(k)) for k in keys}
                merged["period_mode"] = merged["period_mode"] or "flow"
                found.append((name, {**part, **merged}))
        return found


class IndicatorValueQuerySet(ReferenceQuerySet):
    # Figures are statistics, not records of persons or enterprises: any signed-in user
    # of the jurisdiction may read them, as the office publishes them anyway.
    business_data = False


class IndicatorValue(models.Model):
    """One indicator's figure for one region and one period.

    Rates keep numerator and denominator so that a parent's figure is the sum of its
    children's numerators over the sum of their denominators, never an average of rates.
    """

    # Derived figures, rewritten in bulk by the engine from rows joined to these very
    # tables: no database foreign-key triggers (they cost more than the writes themselves
    # at province scale); deletion rules stay with Django. No index of its own for the
    # indicator: the key (indicator, region, period) serves its look-ups, and each index
    # is one more entry to write per figure.
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="values",
        db_constraint=False,
        db_index=False,
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    period = models.CharField(
        _("period"), max_length=9, help_text=_("2025, 2025-Q1, 2025-03 or 2024/2025")
    )
    period_kind = models.CharField(
        _("kind of period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=4)
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.COMPUTED
    )
    computed_at = models.DateTimeField(_("computed at"))
    # Figures estimated from a sample (a survey's index): the responses counted, the 95 %
    # interval, and whether the figure is published, marked, or withheld (too few responses:
    # then value, numerator and denominator are not kept). Written by the app that owns the
    # sample after each computation (`engine.AFTER_WRITE`); empty for counts of registries.
    sample_size = models.PositiveIntegerField(_("responses"), null=True, blank=True)
    low = models.DecimalField(
        _("interval low"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    high = models.DecimalField(
        _("interval high"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, blank=True, db_default=""
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "region", "period"]
        constraints = [
            # Also the one index: an indicator's figures of a region's subtree (a range of
            # region ids) and a region's series over the periods. One index only, as a full
            # recompute writes millions of rows; the engine upserts on it.
            models.UniqueConstraint(
                fields=["indicator", "region", "period"], name="indicator_value_key"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.region_id}: {self.value}"

    @property
    def withheld(self) -> bool:
        return self.publication == Publication.WITHHELD

    @property
    def note(self) -> str:
        """What a figure from a sample carries beside it: its interval and responses, or why
        it is withheld. Empty for counts of registries."""
        if not self.publication:
            return ""
        if self.withheld:
            return _("Withheld: %(n)s responses, too few to publish.") % {"n": self.sample_size}
        words = {"lo": f"{self.low:.1f}", "hi": f"{self.high:.1f}", "n": f"{self.sample_size:,}"}
        if self.publication == Publication.SMALL:
            return _("95%% interval %(lo)s–%(hi)s; %(n)s responses, a small sample.") % words
        return _("95%% interval %(lo)s–%(hi)s; %(n)s responses.") % words


class ReportedValueQuerySet(JurisdictionQuerySet):
    business_data = False


class ReportedValue(models.Model):
    """A figure of a reported indicator, entered by the responsible department with its
    evidence. Saving it writes the IndicatorValue (source=reported) the pages show."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="reports"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(
        _("period"), max_length=9, help_text=_("2025, 2025-Q1, 2025-03 or 2024/2025")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    evidence = models.TextField(
        _("evidence"), help_text=_("Where the figure comes from: document, survey, list.")
    )
    attachment = models.FileField(_("attachment"), upload_to="indicators/evidence/%Y/", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)
    history = HistoricalRecords()

    objects = ReportedValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"], name="reported_value_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.region_id}: {self.value}"

    def clean(self):
        if self.indicator_id is not None and (
            self.indicator.kind != IndicatorKind.REPORTED or not self.indicator.active
        ):
            raise ValidationError(
                {
                    "indicator": _(
                        "%(c)s is computed from the registries; only reported indicators "
                        "take entered values."
                    )
                    % {"c": self.indicator.code}
                }
            )
        try:
            self.period = periods.parse(self.period).code
        except periods.PeriodError as exc:
            raise ValidationError({"period": str(exc)}) from None
        self.evidence = (self.evidence or "").strip()
        if not self.evidence:
            raise ValidationError({"evidence": _("Say where the figure comes from.")})


class ComputeRun(models.Model):
    """One recompute of the computed indicators: what it covered and how far it got."""

    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    periods = models.JSONField(_("periods"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trigger = models.CharField(_("trigger"), max_length=16, default="manual")
    steps_total = models.PositiveIntegerField(_("steps"), default=0)
    steps_done = models.PositiveIntegerField(_("steps done"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    values_written = models.PositiveIntegerField(_("values written"), default=0)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator computation")
        verbose_name_plural = _("indicator computations")
        ordering = ["-created_at", "-id"]
        permissions = [("compute_indicators", _("Can recompute the indicators"))]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
