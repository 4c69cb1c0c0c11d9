"""Special-equipment operators and their certificates."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future


class OperatorQuerySet(JurisdictionQuerySet):
    pass


class Operator(models.Model):
    """A special-equipment operator (作业人员) and their certificate (特种设备作业人员证).

    The ID number is stored encrypted (Fernet) with a keyed hash (HMAC-SHA256) for duplicate
    detection and search, and shown masked; revealing it is a logged action.
    """

    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(
        _("ID number hash"), max_length=64, unique=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    employer = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="equipment_operators",
    )
    # The employer's region, copied: jurisdiction and indicators without a join.
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    items = models.CharField(
        _("items"), max_length=100, blank=True, help_text=_("item codes, comma-separated: N1,Q2")
    )
    issued_on = models.DateField(pgettext_lazy("certificate", "issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_on = models.DateField(
        _("operator since"), help_text=_("The date the person is known to work as an operator.")
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # min(valid until, left on): the end of certified work here, for the 持证率 stock.
    certified_until = models.DateField(_("certified until"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["id_number_encrypted", "updated_at"])

    objects = OperatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["region_id", "name", "id"]
        permissions = [("reveal_operator_id", _("Can reveal an operator's ID number"))]
        indexes = [
            models.Index(fields=["region", "name"], name="eqop_region_name"),
            models.Index(fields=["employer"], name="eqop_employer"),
            models.Index(fields=["certificate_number"], name="eqop_certificate"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = dates_not_in_future(
            self, {"issued_on": _("The issue date"), "recorded_on": _("The date")}
        )
        issued, until = self.issued_on, self.valid_until
        if until and not issued:
            errors["issued_on"] = _("A certificate with an expiry needs its issue date.")
        if issued and until and until <= issued:
            errors["valid_until"] = _("The certificate expires before it was issued.")
        if self.certificate_number and not issued:
            errors["issued_on"] = _("A certificate needs its issue date.")
        if issued and not self.items:
            errors["items"] = _("A certificate names at least one item.")
        if errors:
            raise ValidationError(errors)
