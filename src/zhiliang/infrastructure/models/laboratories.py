from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.infrastructure import rules


class LaboratoryQuerySet(ReachesUpQuerySet):
    """A city's testing centre is read (and named on samples) by its districts too."""


class Laboratory(models.Model):
    """A testing and inspection body (检验检测机构) of the registry: the organisation, its
    CMA qualification (资质认定) and CNAS accreditation with their validity, its level and
    the scope it is qualified for. Samples name their laboratory from this registry."""

    organization = models.OneToOneField(
        "core.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="laboratory",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    level = models.CharField(_("level"), max_length=20)
    cma_number = models.CharField(_("CMA qualification number"), max_length=20, unique=True)
    cma_issued_on = models.DateField(_("CMA issued on"))
    cma_valid_until = models.DateField(_("CMA valid until"))
    cnas_number = models.CharField(_("CNAS accreditation number"), max_length=20, blank=True)
    cnas_valid_until = models.DateField(_("CNAS valid until"), null=True, blank=True)
    parameter_count = models.PositiveIntegerField(
        _("parameters qualified"), help_text=_("As the qualification certificate states.")
    )
    history = HistoricalRecords()

    objects = LaboratoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("testing body")
        verbose_name_plural = _("testing bodies")
        ordering = ["region__code", "organization__name"]

    def __str__(self):
        return self.organization.name if self.organization_id else self.cma_number

    @property
    def level_label(self) -> str:
        return rules.level_label(self.level)

    @property
    def expired(self) -> bool:
        return self.cma_valid_until < timezone.localdate()

    @property
    def cnas_expired(self) -> bool:
        return bool(self.cnas_number and self.cnas_valid_until < timezone.localdate())

    def refusal_on(self, day: date) -> str | None:
        """Why the body may not test a sample taken on `day`, or None when it may."""
        if day < self.cma_issued_on:
            return _("%(l)s was not yet qualified (CMA) on %(d)s: qualified from %(f)s.") % {
                "l": self, "d": day, "f": self.cma_issued_on,
            }  # fmt: skip
        if day > self.cma_valid_until:
            return _("The CMA qualification of %(l)s expired on %(u)s, before %(d)s.") % {
                "l": self, "u": self.cma_valid_until, "d": day,
            }  # fmt: skip
        return None

    def clean(self):
        errors = {}
        data = rules.rules()["laboratories"]
        if self.level not in dict(rules.level_choices()):
            errors["level"] = _("%(v)s is not a level of the list.") % {"v": self.level}
        self.cma_number = (self.cma_number or "").strip()
        if not rules.number_ok("cma", self.cma_number):
            errors["cma_number"] = _(
                "%(v)s is not a CMA qualification number: 12 digits, e.g. %(e)s."
            ) % {"v": self.cma_number, "e": data["cma"]["example"]}
        self.cnas_number = " ".join((self.cnas_number or "").upper().split())
        if self.cnas_number and not rules.number_ok("cnas", self.cnas_number):
            errors["cnas_number"] = _("%(v)s is not a CNAS accreditation number, e.g. %(e)s.") % {
                "v": self.cnas_number,
                "e": data["cnas"]["example"],
            }
        if self.cnas_number and self.cnas_valid_until is None:
            errors["cnas_valid_until"] = _("Give the date the CNAS accreditation expires.")
        if self.cma_issued_on and self.cma_valid_until:
            years = rules.validity_years()
            if self.cma_valid_until <= self.cma_issued_on:
                errors["cma_valid_until"] = _("The qualification expires before it was issued.")
            elif self.cma_valid_until > rules.add_years(self.cma_issued_on, years):
                errors["cma_valid_until"] = _(
                    "A CMA qualification is valid for at most %(n)s years."
                ) % {"n": years}
        if self.cma_issued_on and self.cma_issued_on > timezone.localdate():
            errors["cma_issued_on"] = _("The issue date lies in the future.")
        if errors:
            raise ValidationError(errors)


class ScopeItemQuerySet(JurisdictionQuerySet):
    pass


class ScopeItem(models.Model):
    """One parameter (检测参数) of a product a body is qualified to test, with its method."""

    laboratory = models.ForeignKey(
        Laboratory, verbose_name=_("testing body"), on_delete=models.CASCADE,
        related_name="scope",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    product = models.CharField(_("product"), max_length=100)
    parameter = models.CharField(_("parameter"), max_length=200)
    method = models.CharField(_("test method (standard)"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("scope parameter")
        verbose_name_plural = _("scope parameters")
        ordering = ["laboratory", "product", "parameter"]
        constraints = [
            models.UniqueConstraint(
                fields=["laboratory", "product", "parameter"], name="infrastructure_scope_once"
            )
        ]

    def __str__(self):
        return f"{self.product} {self.parameter}"
