from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.masking import mask
from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future


def mask_name(name: str) -> str:
    """王质量 → 王**: the family name kept, as offices publish names."""
    return name[:1] + "*" * (len(name) - 1) if name else name


# A training course of more than this is a typing error (hours of one course).
HOURS_MAX = Decimal(500)


class AppointmentQuerySet(JurisdictionQuerySet):
    pass


class Appointment(models.Model):
    """An enterprise's chief quality officer (首席质量官) for a period. The enterprise's
    CQO and training date are the current appointment's, kept by the services."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
        related_name="cqo_appointments",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    person = models.CharField(_("name"), max_length=64)
    position = models.CharField(_("position"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    appointed_on = models.DateField(
        _("appointed on"), null=True, blank=True,
        help_text=_("Empty only for officers carried over from the enterprise register."),
    )  # fmt: skip
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The author unchecked by a foreign key, as for enterprises: an import writes an
    # appointment with history for each enterprise that names a CQO.
    history = HistoricalRecords(user_db_constraint=False)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("chief quality officer")
        verbose_name_plural = _("chief quality officers")
        ordering = ["enterprise_id", "-appointed_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "ended_on"], name="infrastructure_cqo_now")]

    def __str__(self):
        return self.person_masked

    @property
    def person_masked(self) -> str:
        return mask_name(self.person)

    @property
    def phone_masked(self) -> str:
        return mask(self.phone, 3, 4)

    def clean(self):
        errors = dates_not_in_future(
            self, {"appointed_on": _("The appointment date"), "ended_on": _("The end date")}
        )
        if not (self.person or "").strip():
            errors["person"] = _("Give the officer's name.")
        if self.appointed_on and self.ended_on and self.ended_on < self.appointed_on:
            errors.setdefault("ended_on", _("The appointment ends before it began."))
        if errors:
            raise ValidationError(errors)


class TrainingQuerySet(JurisdictionQuerySet):
    pass


class Training(models.Model):
    """A training course a chief quality officer completed (首席质量官培训)."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("chief quality officer"), on_delete=models.PROTECT,
        related_name="trainings",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    course = models.CharField(_("course"), max_length=200)
    trained_on = models.DateField(_("trained on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    history = HistoricalRecords(user_db_constraint=False)  # as Appointment's

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("CQO training")
        verbose_name_plural = _("CQO trainings")
        ordering = ["-trained_on", "-id"]

    def __str__(self):
        return f"{self.course} {self.trained_on}"

    def clean(self):
        errors = dates_not_in_future(self, {"trained_on": _("The training date")})
        if not (self.course or "").strip():
            errors["course"] = _("Give the course.")
        if self.hours is not None and not (0 < self.hours <= HOURS_MAX):
            errors["hours"] = _("Give the hours of the course, between 0 and %(m)s.") % {
                "m": HOURS_MAX
            }
        if errors:
            raise ValidationError(errors)
