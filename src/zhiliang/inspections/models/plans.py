"""Sampling plans (抽查计划) and their quotas."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.inspections import rules
from zhiliang.inspections.choices import PlanLevel, PlanStatus


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

    def clean(self):
        # The field validators bound the share (0–1) and the team (1–10); these are the
        # rules of the figures together. The authority and the jurisdiction are checked
        # against other rows by `services.sampling_plan_validate`.
        errors = {}
        for c in "abcd":
            weight = getattr(self, f"weight_{c}")
            if weight is not None and weight < 0:
                errors[f"weight_{c}"] = _("Must not be negative.")
        weights = [getattr(self, f"weight_{c}") for c in "abcd"]
        share = self.random_share
        if share is not None and share < 1 and all(w == 0 for w in weights):
            errors[NON_FIELD_ERRORS] = _("At least one risk class needs a weight above zero.")
        if errors:
            raise ValidationError(errors)

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
