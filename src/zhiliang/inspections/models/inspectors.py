"""The inspector register (执法检查人员名录) and conflicts of interest."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet


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

    def clean(self):
        # The constraint asks for at least one party; a conflict names exactly one.
        if (self.enterprise_id is None) == (self.organization_id is None):
            raise ValidationError(_("Name either the enterprise or the organisation."))
