"""The link from a plan's target to the indicator that measures it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet


class TargetLinkQuerySet(JurisdictionQuerySet):
    region_field = "target__plan__region"


class TargetLink(models.Model):
    """The catalogue indicator a plan target is measured by, confirmed by a person."""

    target = models.OneToOneField(
        "plans.Target",
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="indicator_link",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="target_links",
    )
    suggested = models.BooleanField(
        _("as suggested"), default=False, help_text=_("The synonym table proposed it.")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now=True)
    history = HistoricalRecords()

    objects = TargetLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("target link")
        verbose_name_plural = _("target links")
        ordering = ["target"]

    def __str__(self):
        return f"{self.target} → {self.indicator.code}"
