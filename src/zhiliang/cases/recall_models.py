"""A recall (召回) is a case of kind `recall` (its stages and clocks are the engine's) with
these particulars: defect and hazard, batches and units affected, how owners are told, and
the progress reports whose units corrected give the correction rate over time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.cases import recall_rules
from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future


class RecallQuerySet(JurisdictionQuerySet):
    region_field = "case__region"


class ReportQuerySet(JurisdictionQuerySet):
    region_field = "recall__case__region"


class Recall(models.Model):
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="recall",
    )
    origin = models.CharField(_("origin of the recall"), max_length=24)
    defect = models.TextField(_("defect"))
    hazard = models.CharField(_("hazard"), max_length=32)
    batches = models.TextField(_("batches affected"), blank=True)
    units_affected = models.PositiveIntegerField(_("units affected"))
    units_corrected = models.PositiveIntegerField(_("units corrected"), default=0)
    method = models.CharField(_("notification method"), max_length=24)
    country = models.CharField(
        _("country of a recall abroad"),
        max_length=64,
        blank=True,
        help_text=_("Only for recalls abroad."),
    )
    history = HistoricalRecords()

    objects = RecallQuerySet.as_manager()

    class Meta:
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")

    def __str__(self):
        return str(self.case)

    @property
    def rate(self):
        """Units corrected ÷ affected (0–1), or None without units."""
        return self.units_corrected / self.units_affected if self.units_affected else None

    @property
    def method_label(self) -> str:
        return recall_rules.method_label(self.method)

    @property
    def origin_label(self) -> str:
        return recall_rules.origin_label(self.origin)

    @property
    def hazard_label(self) -> str:
        from zhiliang.risk.rules import hazard_label

        return hazard_label(self.hazard)

    def clean(self):
        from zhiliang.risk.rules import hazard_choices

        errors = {}
        if self.origin and self.origin not in dict(recall_rules.origin_choices()):
            errors["origin"] = _("Unknown origin.")
        if self.method and self.method not in dict(recall_rules.method_choices()):
            errors["method"] = _("Unknown notification method.")
        if self.hazard and self.hazard not in dict(hazard_choices()):
            errors["hazard"] = _("Unknown hazard.")
        if self.units_affected is not None and self.units_affected < 1:
            errors["units_affected"] = _("A recall concerns at least one unit.")
        if (
            self.units_affected
            and self.units_corrected is not None
            and self.units_corrected > self.units_affected
        ):
            errors["units_corrected"] = _("More units corrected than affected.")
        if errors:
            raise ValidationError(errors)


class RecallReport(models.Model):
    """A progress report (召回阶段性报告): units corrected so far (cumulative)."""

    recall = models.ForeignKey(
        Recall, verbose_name=_("recall"), on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField(_("reported on"))
    units_corrected = models.PositiveIntegerField(_("units corrected so far"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("recall progress report")
        verbose_name_plural = _("recall progress reports")
        ordering = ["reported_on", "id"]

    def __str__(self):
        return f"{self.recall_id} {self.reported_on}"

    def clean(self):
        errors = dates_not_in_future(self, {"reported_on": _("The report date")})
        recall = self.recall if self.recall_id else None
        units = self.units_corrected
        if recall and units is not None and units > recall.units_affected:
            errors["units_corrected"] = _("More units corrected (%(c)s) than affected (%(a)s).") % {
                "c": units,
                "a": recall.units_affected,
            }
        if errors:
            raise ValidationError(errors)
