"""Foreign recalls (国外召回) of products made in the jurisdiction: the notice as entered or
imported, and its matches to enterprises of the registry (proposed by USCC, or by the
manufacturer's or brand's name; the office confirms or rejects each). A confirmed match is
on the enterprise's file and may open a recall case or an item of risk information."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.cases import foreign_rules
from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future

HS_CODE = re.compile(r"^\d{4,10}$")


class ForeignRecallQuerySet(JurisdictionQuerySet):
    region_field = "region"


class ForeignMatchQuerySet(JurisdictionQuerySet):
    region_field = "enterprise__region"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class MatchBasis(models.TextChoices):
    USCC = "uscc", _("same USCC")
    NAME = "name", _("manufacturer's name")
    BRAND = "brand", _("brand in the enterprise's name")


class ForeignRecall(models.Model):
    """A recall published abroad. `region` is the recording office's area: its matches are
    sought among the enterprises there."""

    source = models.CharField(_("source of the notice"), max_length=24)
    reference = models.CharField(_("reference number"), max_length=64)
    notified_on = models.DateField(_("published on"))
    product_description = models.TextField(_("product description"))
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model = models.CharField(_("model or type"), max_length=100, blank=True)
    manufacturer = models.CharField(_("manufacturer's name"), max_length=200)
    uscc = models.CharField(_("manufacturer's USCC"), max_length=18, blank=True)
    country = models.CharField(_("country of the recall"), max_length=64)
    hazard = models.CharField(_("hazard"), max_length=32)
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True)
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product of the catalogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        "core.Organization",
        verbose_name=_("recorded by office"),
        on_delete=models.PROTECT,
        related_name="+",
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
    history = HistoricalRecords()

    objects = ForeignRecallQuerySet.as_manager()

    class Meta:
        verbose_name = _("foreign recall")
        verbose_name_plural = _("foreign recalls")
        ordering = ["-notified_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="foreignrecall_ref"),
        ]
        indexes = [models.Index(fields=["region", "-notified_on"], name="foreignrecall_region")]

    def __str__(self):
        return f"{self.source_label} {self.reference}"

    @property
    def source_label(self) -> str:
        return foreign_rules.source_label(self.source)

    @property
    def hazard_label(self) -> str:
        from zhiliang.risk.rules import hazard_label

        return hazard_label(self.hazard)

    def clean(self):
        from zhiliang.enterprises.uscc import clean_uscc
        from zhiliang.risk.rules import hazard_choices

        errors = dates_not_in_future(self, {"notified_on": _("The publication date")})
        if self.source and self.source not in dict(foreign_rules.source_choices()):
            errors["source"] = _("Unknown source: choose one of the list.")
        if self.hazard and self.hazard not in dict(hazard_choices()):
            errors["hazard"] = _("Unknown hazard.")
        if self.hs_code and not HS_CODE.match(self.hs_code):
            errors["hs_code"] = _("An HS code is 4 to 10 digits.")
        if self.uscc:
            try:
                self.uscc = clean_uscc(self.uscc)
            except ValidationError as exc:
                errors["uscc"] = exc.messages
        for field in ("reference", "manufacturer", "product_description", "country"):
            if not (getattr(self, field) or "").strip():
                errors.setdefault(field, _("This field is required."))
        if errors:
            raise ValidationError(errors)


class ForeignMatch(models.Model):
    """An enterprise of the registry that may have made the recalled product."""

    foreign_recall = models.ForeignKey(
        ForeignRecall,
        verbose_name=_("foreign recall"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="foreign_matches",
    )
    basis = models.CharField(_("matched by"), max_length=8, choices=MatchBasis.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recall_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("recall case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    risk_item = models.ForeignKey(
        "risk.RiskInformation",
        verbose_name=_("risk information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ForeignMatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("foreign recall match")
        verbose_name_plural = _("foreign recall matches")
        ordering = ["foreign_recall", "status", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["foreign_recall", "enterprise"], name="foreignmatch_once"
            ),
        ]

    def __str__(self):
        return f"{self.foreign_recall} → {self.enterprise_id}"
