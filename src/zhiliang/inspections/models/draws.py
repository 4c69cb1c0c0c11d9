"""Draws (双随机): the enterprises picked per quota and the inspectors sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.inspections.choices import PickShare
from zhiliang.inspections.models.inspectors import Inspector
from zhiliang.inspections.models.plans import PlanPartQuerySet, PlanQuota, SamplingPlan


class Draw(models.Model):
    """One run of the 双随机 draw for a plan: its seed, inputs and result. Anyone may re-run it
    from the seed and the inputs (`zhiliang sampling verify-draw`); once published it cannot
    change."""

    plan = models.ForeignKey(
        SamplingPlan,
        verbose_name=pgettext_lazy("sampling", "plan"),
        on_delete=models.PROTECT,
        related_name="draws",
    )
    seed = models.BigIntegerField(_("seed"))
    algorithm = models.CharField(_("algorithm version"), max_length=32)
    as_of = models.DateTimeField(_("data as of"))
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    result_digest = models.CharField(_("result SHA-256"), max_length=64)
    # The eligible pool of every quota (ids and risk classes, compressed), so that the draw
    # can be re-run even after the registers change; `inputs` holds each pool's digest.
    pools = models.JSONField(_("eligible pools"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The pools can be megabytes and never change: kept out of the history.
    history = HistoricalRecords(excluded_fields=["pools"])

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-created_at", "-id"]
        permissions = [("publish_draw", _("Can publish a draw"))]

    def __str__(self):
        return f"{self.plan} · #{self.pk}"

    def clean(self):
        if self.seed is not None and not (0 <= self.seed < 2**63):
            raise ValidationError({"seed": _("The seed is a whole number from 0 to 2⁶³−1.")})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def method(self) -> str:
        """How it drew, in words; `algorithm` keeps the version id that verification needs."""
        return str(DRAW_METHODS.get(self.algorithm, self.algorithm))


# The draw's algorithm versions (draw.ALGORITHM) as the pages name them.
DRAW_METHODS = {
    "es-keys-v1": _("random draw, a control share by equal chance and the rest weighted by risk"),
    "es-keys-v2": _(
        "random draw, each credit class its planned share (target sampling ratio), a control "
        "share by equal chance within each class"
    ),
}


class DrawPartQuerySet(JurisdictionQuerySet):
    region_field = "draw__plan__region"


class DrawPick(models.Model):
    """An enterprise drawn for a quota, from the random share or the weighted share."""

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="picks"
    )
    quota = models.ForeignKey(
        PlanQuota, verbose_name=_("quota"), on_delete=models.PROTECT, related_name="picks"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    share = models.CharField(_("share"), max_length=10, choices=PickShare.choices)
    order = models.PositiveIntegerField(_("order"))
    inspectors = models.ManyToManyField(
        Inspector, through="DrawInspector", verbose_name=_("inspectors"), related_name="picks"
    )

    objects = DrawPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("drawn enterprise")
        verbose_name_plural = _("drawn enterprises")
        ordering = ["draw_id", "quota_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "quota", "order"], name="drawpick_unique_order")
        ]

    def __str__(self):
        return f"{self.enterprise} ({self.get_share_display()})"


class DrawInspector(models.Model):
    """An inspector drawn for a pick's team."""

    pick = models.ForeignKey(
        DrawPick, verbose_name=_("pick"), on_delete=models.CASCADE, related_name="team"
    )
    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("drawn inspector")
        verbose_name_plural = _("drawn inspectors")
        ordering = ["pick_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pick", "inspector"], name="drawinspector_unique")
        ]

    def __str__(self):
        return str(self.inspector)
