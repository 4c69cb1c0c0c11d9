"""The case engine's case: an accident, a supervised violation case or a recall (its
particulars in recall_models.py). Its steps, clocks, interviews, documents and escalation
notices are in step_models.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.querysets import CaseQuerySet


def _org(field: str, label):
    return models.ForeignKey(
        "core.Organization",
        verbose_name=label,
        on_delete=models.PROTECT,
        related_name="+",
        **({"null": True, "blank": True} if field == "optional" else {}),
    )


class Case(models.Model):
    """One case with statutory clocks. `region` decides who sees it (the handling office's
    jurisdiction and everything above); `listing_office` is the office that recorded or
    listed it (挂牌), `office` the one handling it."""

    kind = models.CharField(_("kind of case"), max_length=16, choices=CaseKind.choices)
    number = models.CharField(_("case number"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    office = _org("required", _("handling office"))
    listing_office = _org("required", _("listing office"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    equipment_unit = models.ForeignKey(
        "equipment.EquipmentUnit",
        verbose_name=_("equipment unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    operator = models.ForeignKey(
        "equipment.Operator",
        verbose_name=_("equipment operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parties = models.TextField(_("other parties"), blank=True)
    description = models.TextField(_("particulars"), blank=True)
    stage = models.CharField(_("stage"), max_length=24)
    opened_at = models.DateTimeField(
        _("began at"), help_text=_("When the accident happened or the violation was found.")
    )
    due_on = models.DateField(_("supervision deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Accidents
    place = models.CharField(_("place"), max_length=200, blank=True)
    deaths = models.IntegerField(_("deaths"), default=0)
    injuries = models.IntegerField(_("serious injuries"), default=0)
    direct_loss = models.DecimalField(
        _("direct economic loss (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    grade = models.CharField(_("accident grade"), max_length=16, blank=True)
    grade_by_hand = models.BooleanField(_("grade set by hand"), default=False)
    grade_reason = models.CharField(_("why the grade was set by hand"), max_length=255, blank=True)
    # Supervised violation cases
    violation = models.CharField(_("violation"), max_length=255, blank=True)
    penalty = models.OneToOneField(
        "penalties.Penalty",
        verbose_name=_("administrative penalty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_case",
    )
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

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="case_kind_number"),
        ]
        indexes = [
            models.Index(fields=["region", "kind", "-opened_at"], name="case_region_kind"),
            models.Index(fields=["kind", "-opened_at", "-id"], name="case_list_order"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def kind_label(self) -> str:
        return rules.kind_label(self.kind)

    @property
    def stage_label(self) -> str:
        return rules.stage_label(self.kind, self.stage)

    @property
    def grade_label(self) -> str:
        return rules.grade_label(self.grade) if self.grade else ""

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self):
        errors = {}
        if self.opened_at and self.opened_at > timezone.now():
            errors["opened_at"] = _("The time the case began cannot be in the future.")
        if self.kind and self.kind not in rules.kinds():
            errors["kind"] = _("Unknown kind of case.")
        for field in ("deaths", "injuries", "direct_loss"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("A figure cannot be negative.")
        if self.kind == CaseKind.ACCIDENT:
            if not (self.enterprise_id or self.equipment_unit_id):
                errors["enterprise"] = _("Name the equipment unit or the enterprise concerned.")
            if self.grade_by_hand and not (self.grade_reason or "").strip():
                errors["grade_reason"] = _("Say why the grade differs from the figures.")
            if self.grade and self.grade not in dict(rules.grade_choices()):
                errors["grade"] = _("Unknown grade.")
        if self.kind == CaseKind.SUPERVISED:
            if not self.enterprise_id:
                errors["enterprise"] = _("Name the enterprise of the case.")
            if not (self.violation or "").strip():
                errors["violation"] = _("Describe the violation.")
            if not self.due_on:
                errors["due_on"] = _("Set the deadline of the supervision.")
            elif self.opened_at and self.due_on < timezone.localtime(self.opened_at).date():
                errors["due_on"] = _("The deadline lies before the case began.")
        if errors:
            raise ValidationError(errors)


# The engine's other records live in step_models.py (steps, interviews, clocks, notices,
# documents) recall_models.py and foreign_models.py; imported here so Django and callers find them.
from zhiliang.cases.foreign_models import ForeignMatch, ForeignRecall  # noqa: E402, F401
from zhiliang.cases.recall_models import Recall, RecallReport  # noqa: E402, F401
from zhiliang.cases.step_models import (  # noqa: E402, F401
    CaseDocument,
    Deadline,
    Escalation,
    Interview,
    Step,
    state_expression,
)
