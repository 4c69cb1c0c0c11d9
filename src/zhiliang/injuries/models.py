from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.injuries import rules
from zhiliang.injuries.choices import Sex

MAX_AGE = 120


class HospitalQuerySet(JurisdictionQuerySet):
    def active_between(self, start, end):
        """Hospitals reporting at some time from `start` to `end` (both included)."""
        return self.filter(joined_on__lte=end).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gte=start)
        )


class SentinelHospital(models.Model):
    """A sentinel hospital (哨点医院) of product injury surveillance.

    Drawn from its stratum of the sampling frame; its weight is what one of its cases stands
    for (N_h / n_h, data/estimates.yaml). It reports from `joined_on` until `left_on`.
    """

    code = models.CharField(_("hospital code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(_("stratum"), max_length=32)
    weight = models.DecimalField(
        _("weight"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(1)],
        help_text=_("Hospitals of the stratum in the sampling frame over those sampled (≥ 1)."),
    )
    joined_on = models.DateField(_("reporting since"))
    left_on = models.DateField(_("reporting until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = HospitalQuerySet.as_manager()

    class Meta:
        verbose_name = _("sentinel hospital")
        verbose_name_plural = _("sentinel hospitals")
        ordering = ["code"]
        indexes = [models.Index(fields=["region", "code"], name="sentinel_region_code")]

    def __str__(self):
        return self.name

    @property
    def stratum_label(self) -> str:
        return rules.label("strata", self.stratum)

    def clean(self):
        errors = {}
        if self.stratum and self.stratum not in rules.codes("strata"):
            errors["stratum"] = _("%(v)s is not a stratum of the sampling design.") % {
                "v": self.stratum
            }
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("The hospital cannot stop reporting before it started.")
        if errors:
            raise ValidationError(errors)


class InjuryCaseQuerySet(JurisdictionQuerySet):
    pass


class InjuryCase(models.Model):
    """An injury case reported by a sentinel hospital, related to one or more products.

    Personal data is limited to age and sex; the narrative is shown to authorised staff
    only (`injuries.view_narrative`). The region is the hospital's, copied by the services.
    """

    hospital = models.ForeignKey(
        SentinelHospital,
        verbose_name=_("sentinel hospital"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(pgettext_lazy("injury", "case number"), max_length=32)
    treated_on = models.DateField(_("date of treatment"))
    age = models.PositiveSmallIntegerField(
        _("age"), validators=[MinValueValidator(0), MaxValueValidator(MAX_AGE)]
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    body_part = models.CharField(_("body part"), max_length=24)
    diagnosis = models.CharField(_("diagnosis"), max_length=24)
    disposition = models.CharField(_("disposition"), max_length=24)
    place = models.CharField(_("place of injury"), max_length=24)
    products = models.ManyToManyField(
        "enterprises.Product",
        verbose_name=_("products"),
        through="InjuryCaseProduct",
        related_name="+",
    )
    # The codes of `products`, written by the services, so that the history shows them.
    product_codes = models.CharField(_("product codes"), max_length=200, editable=False)
    narrative = models.TextField(_("narrative"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = InjuryCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("injury case")
        verbose_name_plural = _("injury cases")
        ordering = ["-treated_on", "-id"]
        permissions = [("view_narrative", "Can read injury narratives")]
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "case_number"], name="injury_case_number_per_hospital"
            )
        ]
        indexes = [
            models.Index(fields=["region", "treated_on"], name="injury_region_treated"),
            models.Index(fields=["treated_on", "hospital"], name="injury_treated_hospital"),
            models.Index(fields=["-treated_on", "-id"], name="injury_list_order"),
        ]

    def __str__(self):
        return self.case_number

    @property
    def body_part_label(self) -> str:
        return rules.label("body_parts", self.body_part)

    @property
    def diagnosis_label(self) -> str:
        return rules.label("diagnoses", self.diagnosis)

    @property
    def disposition_label(self) -> str:
        return rules.label("dispositions", self.disposition)

    @property
    def place_label(self) -> str:
        return rules.label("places", self.place)

    def clean(self):
        errors = dates_not_in_future(self, {"treated_on": _("The date of treatment")})
        for key, field in (
            ("body_parts", "body_part"),
            ("diagnoses", "diagnosis"),
            ("dispositions", "disposition"),
            ("places", "place"),
        ):
            value = getattr(self, field)
            if value and value not in rules.codes(key):
                errors[field] = _("%(v)s is not on the coding list.") % {"v": value}
        hospital = self.hospital if self.hospital_id else None
        if hospital is not None and self.treated_on and "treated_on" not in errors:
            if self.treated_on < hospital.joined_on:
                errors["treated_on"] = _(
                    "This date lies before the hospital began reporting (%(d)s)."
                ) % {"d": hospital.joined_on}
            elif hospital.left_on and self.treated_on > hospital.left_on:
                errors["treated_on"] = _(
                    "This date lies after the hospital stopped reporting (%(d)s)."
                ) % {"d": hospital.left_on}
        if errors:
            raise ValidationError(errors)


class InjuryCaseProductQuerySet(JurisdictionQuerySet):
    pass


class InjuryCaseProduct(models.Model):
    """A product of the catalogue involved in a case (one or more per case).

    The case's hospital, region and date are copied here by the services: counts and
    estimates group this one table (no join with the cases), and its jurisdiction is a
    range on its own region.
    """

    case = models.ForeignKey(InjuryCase, on_delete=models.CASCADE, related_name="case_products")
    product = models.ForeignKey(
        "enterprises.Product", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    hospital = models.ForeignKey(
        SentinelHospital, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    treated_on = models.DateField()

    objects = InjuryCaseProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product of an injury case")
        verbose_name_plural = _("products of injury cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "product"], name="injury_case_product_once")
        ]
        indexes = [
            models.Index(fields=["product", "treated_on"], name="injury_product_treated"),
            models.Index(fields=["region", "treated_on"], name="injury_link_region_treated"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.product_id}"
