from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.risk import rules
from zhiliang.risk.choices import SIGNAL_SHORT, SignalMethod, SignalStatus, SourceKind


class RiskInformationQuerySet(JurisdictionQuerySet):
    pass


class RiskInformation(models.Model):
    """An item of risk information (风险信息): a failed sample, a monitoring result, a
    complaint, an injury or accident report, a foreign notification or a media report,
    about a product of the catalogue in a region. Failed supervision samples are fed in
    by the daily job (`services.risk_information_feed_sampling`), one item per sample."""

    source_kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    reference = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        help_text=_("The notification's or report's own number, e.g. a Safety Gate number."),
    )
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    hazard = models.CharField(_("hazard"), max_length=24)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("description"), blank=True)
    sample = models.OneToOneField(
        "inspections.Sample",
        verbose_name=_("sample"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RiskInformationQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk information")
        verbose_name_plural = _("risk information")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "reference"],
                condition=~Q(reference=""),
                name="riskinfo_reference_unique",
            )
        ]
        indexes = [
            models.Index(fields=["region", "occurred_on"], name="riskinfo_region_date"),
            models.Index(fields=["product", "occurred_on"], name="riskinfo_product_date"),
            models.Index(fields=["-occurred_on", "-id"], name="riskinfo_list_order"),
        ]

    def __str__(self):
        return self.reference or f"{self.product_id}·{self.occurred_on}"

    @property
    def hazard_label(self) -> str:
        return rules.hazard_label(self.hazard)

    def clean(self):
        errors = dates_not_in_future(self, {"occurred_on": _("The date")})
        if self.hazard and self.hazard not in rules.hazard_words().values():
            errors["hazard"] = _("%(v)s is not a hazard type of the list.") % {"v": self.hazard}
        if errors:
            raise ValidationError(errors)


class SignalQuerySet(JurisdictionQuerySet):
    pass


class Signal(models.Model):
    """A signal (风险信号) of a product × region cell: a method alarmed on the cell's data.
    Computed by the signal job (`services.signals_refresh`), never entered; it opens when a
    method first alarms and closes when the method has been quiet for the periods of
    data/signals.yaml (`period.keep_open`)."""

    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method"), max_length=8, choices=SignalMethod.choices)
    status = models.CharField(
        pgettext_lazy("signal", "status"),
        max_length=8,
        choices=SignalStatus.choices,
        default=SignalStatus.OPEN,
    )
    window_start = models.DateField(_("window from"))
    window_end = models.DateField(_("window to"))
    samples = models.PositiveIntegerField(_("samples or expected count"), default=0)
    events = models.PositiveIntegerField(_("failures or count"), default=0)
    statistic = models.FloatField(_("statistic"))
    limit = models.FloatField(_("limit"))
    baseline = models.FloatField(_("baseline"))
    p_value = models.FloatField(_("p-value"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(pgettext_lazy("signal", "closed on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "region", "method"],
                condition=Q(status="open"),
                name="signal_one_open_per_cell",
            )
        ]
        indexes = [
            models.Index(fields=["region", "status"], name="signal_region_status"),
            models.Index(fields=["-opened_on", "-id"], name="signal_list_order"),
        ]

    def __str__(self):
        return f"{self.product_id}·{self.region_id}·{self.method}"

    @property
    def short_label(self) -> str:
        return str(SIGNAL_SHORT.get(self.method, self.method))


class CusumLimit(models.Model):
    """The CUSUM limit h simulated for (samples per period, baseline rate, odds ratio,
    ARL₀), rounded to the grids of `signals.cusum`: a cache, recomputed when missing."""

    samples = models.PositiveIntegerField()
    rate_permille = models.PositiveIntegerField()
    odds_ratio = models.FloatField()
    arl0 = models.PositiveIntegerField()
    h = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["samples", "rate_permille", "odds_ratio", "arl0"], name="cusum_limit_key"
            )
        ]

    def __str__(self):
        return f"n={self.samples} p0={self.rate_permille}‰ h={self.h:.3f}"


class Calibration(models.Model):
    """The measured false-alarm rate and detection delay of the configured signals, stored
    by the job so that the risk page shows them without simulating."""

    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    false_alarm_rate = models.FloatField(_("false alarms per cell-period"))
    arl0 = models.FloatField(_("in-control average run length (periods)"))
    detection_delay_doubling = models.FloatField(_("periods to detect a doubling"))
    cells = models.PositiveIntegerField(_("cells simulated"))
    figures = models.JSONField(default=dict)

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self):
        return f"{self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def per_100(self) -> float:
        """False alarms per 100 cell-periods, as the goal is written."""
        return self.false_alarm_rate * 100

    @property
    def goal_per_100(self) -> float:
        return float(self.figures.get("goal_false_alarm_rate", 0)) * 100
