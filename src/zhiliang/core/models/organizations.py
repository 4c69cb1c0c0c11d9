from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.querysets import ReferenceQuerySet


class OrganizationQuerySet(ReferenceQuerySet):
    def referable_by(self, user):
        """Organisations a user may name in a record: those of their jurisdiction and of
        the regions above it (a district's sample is tested by the city's laboratory, its
        plan names the province's bureau), never a neighbouring district's."""
        from zhiliang.core.models.regions import subtree_ids

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        region = user.jurisdiction
        if region is None:
            return self.none()
        above = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
        return self.filter(
            models.Q(region__id__range=subtree_ids(region.code)) | models.Q(region__code__in=above)
        )


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
    # Only market regulation may carry out supervision sampling (产品质量监督抽查管理暂行办法
    # art. 2); the kind "department" covers it and the bureaus of education or finance alike.
    regulates_market = models.BooleanField(
        _("market regulation body"),
        default=False,
        help_text=_("It may carry out supervision sampling (a market regulation bureau)."),
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
