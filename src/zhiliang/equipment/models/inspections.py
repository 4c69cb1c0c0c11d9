"""Periodic inspections of units and the due dates they met (for the on-time rate)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.equipment.choices import Conclusion
from zhiliang.equipment.models.units import EquipmentUnit, rule_kind


class PeriodicInspectionQuerySet(JurisdictionQuerySet):
    region_field = "unit__region"


class PeriodicInspection(models.Model):
    """A periodic inspection (定期检验) of a unit and its conclusion."""

    unit = models.ForeignKey(
        EquipmentUnit,
        verbose_name=_("equipment unit"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("inspected on"))
    inspection_body = models.CharField(_("inspection body"), max_length=200)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=Conclusion.choices)
    report_number = models.CharField(_("report number"), max_length=64)
    safety_grade = models.PositiveSmallIntegerField(
        _("safety grade"), null=True, blank=True, help_text=_("pressure vessels: 1–5")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PeriodicInspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic inspection")
        verbose_name_plural = _("periodic inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["unit", "inspected_on"], name="eqinsp_unit_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "report_number"], name="eqinsp_unit_report_unique"
            ),
            models.CheckConstraint(
                condition=Q(safety_grade__isnull=True)
                | Q(safety_grade__gte=1, safety_grade__lte=5),
                name="eqinsp_safety_grade_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.inspected_on}"

    def clean(self):
        errors = dates_not_in_future(self, {"inspected_on": _("The inspection date")})
        unit, day, grade = self.unit if self.unit_id else None, self.inspected_on, self.safety_grade
        if grade is not None and not 1 <= grade <= 5:
            errors["safety_grade"] = _("A safety grade is 1 to 5.")
        elif unit and grade is not None and rule_kind(unit.catalogue_code) != "by_grade":
            errors["safety_grade"] = _("Only fixed pressure vessels are given a safety grade.")
        if unit and day and day < unit.accepted_on and "inspected_on" not in errors:
            errors["inspected_on"] = _(
                "The inspection (%(d)s) lies before the acceptance inspection (%(a)s)."
            ) % {"d": day, "a": unit.accepted_on}
        if errors:
            raise ValidationError(errors)


class InspectionDueQuerySet(JurisdictionQuerySet):
    region_field = "region"


class InspectionDue(models.Model):
    """A date a unit fell due for periodic inspection, and the inspection that met it.

    Written by the daily job when a due date arrives and by recording an inspection that
    satisfies a due date (early ones included). On time: inspected on or before `due_on`.
    """

    unit = models.ForeignKey(
        EquipmentUnit,
        verbose_name=_("equipment unit"),
        on_delete=models.CASCADE,
        related_name="due_dates",
    )
    # The unit's region, copied so the indicator groups without a join.
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(pgettext_lazy("inspection", "due on"))
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    inspection = models.ForeignKey(
        PeriodicInspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InspectionDueQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection due date")
        verbose_name_plural = _("inspection due dates")
        ordering = ["-due_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "due_on"], name="eqdue_unit_date_unique")
        ]
        indexes = [models.Index(fields=["region", "due_on"], name="eqdue_region_date")]

    def __str__(self):
        return f"{self.unit_id} {self.due_on}"
