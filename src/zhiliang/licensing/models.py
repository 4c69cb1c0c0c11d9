from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.licensing.choices import (
    CertificateStatus,
    InstrumentStatus,
    VerificationMode,
    VerificationResult,
)
from zhiliang.licensing.dates import add_years


class CertificateKind(models.Model):
    """A kind of certificate or licence (CCC, production licence, ISO 9001 …).

    Loaded from licensing/data/certificate_kinds.yaml: validity and renewal window are
    regulatory figures with their source, which an operator corrects there.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), null=True, blank=True)
    renewal_window_days = models.PositiveSmallIntegerField(
        _("renewal window (days)"),
        default=30,
        help_text=_("Certificates expiring within this many days are listed as expiring."),
    )
    covers_flag = models.CharField(
        _("catalogue flag"),
        max_length=32,
        blank=True,
        help_text=_("The product flag (requires_ccc, requires_licence) this kind answers."),
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("certificate kind")
        verbose_name_plural = _("certificate kinds")
        ordering = ["id"]

    def __str__(self):
        return self.name


class CertificateQuerySet(JurisdictionQuerySet):
    region_field = "holder__region"


class Certificate(models.Model):
    """A certificate or licence held by an enterprise (CCC, production licence, ISO …).

    `ended_on` is the first day the certificate no longer counts as held: the day after
    expiry, or the day it was suspended, revoked or cancelled. The services keep it; the
    indicators count a certificate as held on a date d when issued_on <= d < ended_on.
    """

    kind = models.ForeignKey(
        CertificateKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("certificate number"), max_length=64)
    holder = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    products = models.ManyToManyField(
        "enterprises.Product",
        verbose_name=_("products covered"),
        blank=True,
        related_name="certificates",
    )
    scope = models.CharField(_("scope"), max_length=255, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of issue"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("certificate status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    ended_on = models.DateField(
        _("no longer held from"),
        help_text=_("The day after expiry, or the day it was suspended, revoked or cancelled."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[products])

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="certificate_kind_number"),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="certificate_status_expiry"),
            models.Index(fields=["holder", "kind"], name="certificate_holder_kind"),
            models.Index(fields=["kind", "issued_on"], name="certificate_kind_issued"),
            models.Index(fields=["-issued_on", "-id"], name="certificate_list_order"),
        ]

    def __str__(self):
        return f"{self.kind.name} {self.number}"

    def clean(self):
        errors = dates_not_in_future(self, {"issued_on": _("The issue date")})
        issued, expires = self.issued_on, self.expires_on
        kind = self.kind if self.kind_id else None
        if issued and expires and expires <= issued:
            errors["expires_on"] = _("The expiry date must lie after the issue date.")
        elif issued and expires and kind and kind.validity_years:
            # The longest validity is the kind's regulatory figure (certificate_kinds.yaml).
            longest = add_years(issued, kind.validity_years)
            if expires > longest:
                errors["expires_on"] = _(
                    "A %(kind)s is valid for at most %(n)d years: from %(i)s it "
                    "expires on %(d)s at the latest."
                ) % {"kind": kind.name, "n": kind.validity_years, "i": issued, "d": longest}
        if errors:
            raise ValidationError(errors)


class InstrumentCategory(models.Model):
    """An item of the compulsory-verification catalogue (市场监管总局2020年第42号).

    First-level items have no parent. Loaded from licensing/data/instrument_catalogue.yaml.
    """

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("first-level item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    mode = models.CharField(_("verification mode"), max_length=10, choices=VerificationMode.choices)
    period_months = models.PositiveSmallIntegerField(
        _("verification period (months)"), null=True, blank=True
    )
    scope = models.CharField(_("scope of compulsory verification"), max_length=100, blank=True)
    mark = models.CharField(
        _("certainty"), max_length=1, blank=True, help_text=_("✓ seen in the text; ? recalled")
    )

    class Meta:
        verbose_name = _("instrument category")
        verbose_name_plural = _("instrument categories")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class InstrumentQuerySet(JurisdictionQuerySet):
    region_field = "owner__region"


class Instrument(models.Model):
    """A measuring instrument under compulsory verification (强制检定计量器具).

    `next_due_on` is derived: last verification + period for periodic instruments, none
    for first-verification-only ones, the day of entry into use while no verification is on
    record; the services set it with each verification.
    """

    owner = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    category = models.ForeignKey(
        InstrumentCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    serial = models.CharField(_("serial number"), max_length=64)
    model_name = models.CharField(_("model"), max_length=64, blank=True)
    location = models.CharField(_("place of use"), max_length=100, blank=True)
    mode = models.CharField(_("verification mode"), max_length=10, choices=VerificationMode.choices)
    period_months = models.PositiveSmallIntegerField(
        _("verification period (months)"), null=True, blank=True
    )
    in_use_from = models.DateField(_("in use from"))
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InstrumentStatus.choices,
        default=InstrumentStatus.IN_USE,
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_result = models.CharField(
        _("last result"), max_length=4, choices=VerificationResult.choices, blank=True
    )
    next_due_on = models.DateField(_("next verification due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("measuring instrument")
        verbose_name_plural = _("measuring instruments")
        ordering = ["owner_id", "category_id", "serial", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "category", "serial"], name="instrument_owner_serial"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_due_on"], name="instrument_status_due"),
            models.Index(fields=["category", "owner"], name="instrument_category_owner"),
        ]

    def __str__(self):
        return f"{self.category.name} {self.serial}"

    def clean(self):
        errors = dates_not_in_future(
            self,
            {
                "in_use_from": _("The date of entry into use"),
                "last_verified_on": _("The verification date"),
            },
        )
        category = self.category if self.category_id else None
        mode = self.mode or (category and category.mode)
        # A periodic instrument takes its catalogue item's period unless it has its own.
        period = self.period_months or (
            category.period_months if category and mode == category.mode else None
        )
        if mode == VerificationMode.PERIODIC and not period:
            errors["period_months"] = _(
                "A periodically verified instrument needs its period in months."
            )
        if errors:
            raise ValidationError(errors)


class VerificationQuerySet(JurisdictionQuerySet):
    region_field = "instrument__owner__region"


class Verification(models.Model):
    """One compulsory verification of an instrument (检定), passed or failed.

    `next_due_on` is the due date this verification set (passed periodic instruments only),
    so that coverage on a past date can be counted from the verifications alone.
    """

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    verified_on = models.DateField(_("verified on"))
    result = models.CharField(_("result"), max_length=4, choices=VerificationResult.choices)
    certificate_number = models.CharField(
        _("verification certificate number"), max_length=64, blank=True
    )
    verifier = models.CharField(_("verification body"), max_length=100, blank=True)
    next_due_on = models.DateField(_("next verification due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-verified_on", "-id"]
        indexes = [
            models.Index(fields=["instrument", "verified_on"], name="verification_instrument_date"),
            models.Index(fields=["verified_on"], name="verification_date"),
        ]

    def __str__(self):
        return f"{self.instrument} {self.verified_on} {self.get_result_display()}"

    def clean(self):
        errors = dates_not_in_future(self, {"verified_on": _("The verification date")})
        if errors:
            raise ValidationError(errors)
