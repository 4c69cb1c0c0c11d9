from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.complaints import rules
from zhiliang.complaints.choices import ComplaintOutcome, ComplaintStatus
from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future

S = ComplaintStatus


class ComplaintQuerySet(JurisdictionQuerySet):
    pass


class Complaint(models.Model):
    """A consumer complaint or report (投诉举报), e.g. a 12315 work order.

    The complainant's name and phone are personal data: stored encrypted
    (`zhiliang.core.crypto`) and kept masked beside them for every page, answer and export.
    The deadlines are derived by the services from data/complaints.yaml and stored, so that
    overdue complaints are a range query.
    """

    number = models.CharField(_("complaint number"), max_length=64, unique=True)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=32)
    complainant_name_encrypted = models.TextField(editable=False, blank=True)
    complainant_name_masked = models.CharField(
        _("complainant"), max_length=64, editable=False, blank=True
    )
    complainant_phone_encrypted = models.TextField(editable=False, blank=True)
    complainant_phone_masked = models.CharField(
        _("complainant's phone"), max_length=32, editable=False, blank=True
    )
    product_name = models.CharField(_("product"), max_length=200)
    product = models.ForeignKey(
        "enterprises.Product",
        verbose_name=_("product category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    # The enterprise's region when it is known (copied by the services), else where the
    # complaint arose: the jurisdiction without a join.
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("issue category"), max_length=32)
    description = models.TextField(_("description"), blank=True)
    handling_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        pgettext_lazy("complaint", "status"),
        max_length=10,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accept_due_on = models.DateField(_("acceptance due on"), editable=False, null=True)
    close_due_on = models.DateField(_("handling due on"), editable=False, null=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ComplaintOutcome.choices, blank=True
    )
    closed_on = models.DateField(pgettext_lazy("complaint", "closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The ciphertext stays out of the history: a key rotation is not a change of the record.
    history = HistoricalRecords(
        excluded_fields=["complainant_name_encrypted", "complainant_phone_encrypted", "updated_at"]
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["region", "received_on"], name="complaint_region_received"),
            models.Index(fields=["enterprise", "received_on"], name="complaint_enterprise"),
            models.Index(fields=["status", "close_due_on"], name="complaint_status_due"),
            models.Index(fields=["-received_on", "-id"], name="complaint_list_order"),
        ]

    def __str__(self):
        return self.number

    @property
    def channel_label(self) -> str:
        return rules.label("channels", self.channel)

    @property
    def category_label(self) -> str:
        return rules.label("categories", self.category)

    def clean(self):
        errors = dates_not_in_future(
            self,
            {
                "received_on": _("The date received"),
                "accepted_on": _("The acceptance date"),
                "closed_on": _("The closing date"),
            },
        )
        if self.channel and self.channel not in rules.words("channels").values():
            errors["channel"] = _("%(v)s is not a channel of the list.") % {"v": self.channel}
        if self.category and self.category not in rules.words("categories").values():
            errors["category"] = _("%(v)s is not an issue category of the list.") % {
                "v": self.category
            }
        received = self.received_on
        for name, day in (("accepted_on", self.accepted_on), ("closed_on", self.closed_on)):
            if received and day and day < received and name not in errors:
                errors[name] = _("This date lies before the complaint was received (%(d)s).") % {
                    "d": received
                }
        if (
            self.accepted_on
            and self.closed_on
            and self.closed_on < self.accepted_on
            and "closed_on" not in errors
        ):
            errors["closed_on"] = _("The closing date lies before the acceptance date.")
        errors.update(self._status_errors())
        if errors:
            raise ValidationError(errors)

    def _status_errors(self) -> dict:
        errors = {}
        if self.status == S.CLOSED:
            if not self.outcome:
                errors["outcome"] = _("A closed complaint needs its outcome.")
            if not self.closed_on:
                errors["closed_on"] = _("A closed complaint needs its closing date.")
        else:
            if self.outcome:
                errors["outcome"] = _("Only a closed complaint has an outcome.")
            if self.closed_on:
                errors["closed_on"] = _("Only a closed complaint has a closing date.")
        if self.status == S.HANDLING and not self.accepted_on:
            errors["accepted_on"] = _("A complaint being handled needs its acceptance date.")
        if self.status == S.RECEIVED and self.accepted_on:
            errors["status"] = _("An accepted complaint is being handled, not just received.")
        return errors
