"""Samples (样品) and their test items."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.inspections.choices import SamplePlace, Verdict
from zhiliang.inspections.models.draws import DrawPick
from zhiliang.inspections.models.plans import SamplingPlan


class SampleQuerySet(JurisdictionQuerySet):
    # The enterprise's region when sampled, copied so that statistics need no join.
    region_field = "region"


class Sample(models.Model):
    """A sample taken under a plan (抽样): split into test units and backup units; its verdict
    follows its test items (any failed item fails it)."""

    sample_number = models.CharField(_("sample number"), max_length=40, unique=True)
    plan = models.ForeignKey(
        SamplingPlan,
        verbose_name=pgettext_lazy("sampling", "plan"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    pick = models.ForeignKey(
        DrawPick,
        verbose_name=_("draw pick"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samples",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        help_text=_("The enterprise's region when sampled."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model = models.CharField(_("model / specification"), max_length=100, blank=True)
    batch = models.CharField(_("batch or production date"), max_length=64, blank=True)
    sampled_on = models.DateField(_("sampled on"))
    place = models.CharField(
        _("place"), max_length=12, choices=SamplePlace.choices, default=SamplePlace.PRODUCTION
    )
    test_units = models.PositiveSmallIntegerField(_("test units"), default=1)
    backup_units = models.PositiveSmallIntegerField(_("backup units"), default=1)
    laboratory = models.ForeignKey(
        "core.Organization",
        verbose_name=_("laboratory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, default=Verdict.PENDING
    )
    tested_on = models.DateField(_("test report date"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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

    objects = SampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-sampled_on", "-id"]
        permissions = [("publish_sample", _("Can publish sampling results"))]
        indexes = [
            # The 6-month rule: has this enterprise been sampled for this product lately?
            models.Index(fields=["enterprise", "product", "sampled_on"], name="sample_repeat"),
            models.Index(fields=["region", "sampled_on"], name="sample_region_date"),
            # Pass rates by region: a covering range scan of the jurisdiction's samples.
            models.Index(fields=["region", "verdict"], name="sample_region_verdict"),
            models.Index(fields=["plan", "verdict"], name="sample_plan_verdict"),
        ]

    def __str__(self):
        return self.sample_number

    def clean(self):
        # The verdict against the test items, and the number not taken, need other rows:
        # `services.sample_validate`.
        errors = dates_not_in_future(
            self, {"sampled_on": _("The sampling date"), "tested_on": _("The report date")}
        )
        sampled, tested = self.sampled_on, self.tested_on
        if sampled and tested and tested < sampled and "tested_on" not in errors:
            errors["tested_on"] = _("The report date %(t)s precedes the sampling date %(s)s.") % {
                "t": tested,
                "s": sampled,
            }
        if self.backup_units is not None and self.backup_units < 1:
            errors["backup_units"] = _("A sample keeps at least one backup unit for a re-test.")
        if self.test_units is not None and self.test_units < 1:
            errors["test_units"] = _("A sample has at least one test unit.")
        if errors:
            raise ValidationError(errors)


class SamplePartQuerySet(JurisdictionQuerySet):
    region_field = "sample__region"


class TestItem(models.Model):
    """One tested requirement of a sample (检验项目) and its verdict."""

    __test__ = False  # not a pytest test class, despite its name

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="test_items"
    )
    item = models.CharField(_("test item"), max_length=128)
    standard = models.CharField(_("standard"), max_length=64, blank=True)
    clause = models.CharField(_("clause"), max_length=32, blank=True)
    requirement = models.CharField(_("requirement"), max_length=255, blank=True)
    measured_value = models.CharField(_("measured value"), max_length=128, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, default=Verdict.PENDING
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = SamplePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["sample_id", "order", "id"]

    def __str__(self):
        return self.item
