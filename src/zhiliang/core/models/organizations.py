from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.querysets import ReferenceQuerySet


class OrganizationQuerySet(ReferenceQuerySet):
    pass


class Organization(models.Model):
    """A government body, department, quality office, inspection body or association."""

    name = models.CharField(_("name"), max_length=128)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="organization_unique_name"),
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind=OrganizationKind.OFFICE),
                name="organization_one_office_per_region",
            ),
        ]

    def __str__(self):
        return self.name
