from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.enterprises.choices import RiskClass


class EnterpriseScoped(JurisdictionQuerySet):
    region_field = "enterprise__region"


class CreditRecord(models.Model):
    """A credit record (信用记录) derived from a registry: one per (kind, source record).

    Never written by hand: `services.credit_records_refresh` derives the table from the
    source tables, one grouped INSERT…SELECT per kind, so it is idempotent. Its history is
    the source record's. A record counts for the class from `occurred_on`; `ended_on`
    (a listing removed, a unit inspected) and `repaired_on` (信用修复) end its weight.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="credit_records",
    )
    kind = models.CharField(_("kind of record"), max_length=32)
    detail = models.CharField(_("detail"), max_length=32, blank=True)
    occurred_on = models.DateField(_("date"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    repaired_on = models.DateField(_("repaired on"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source_model = models.CharField(_("source"), max_length=40)
    source_pk = models.BigIntegerField(_("source record"))
    public_from = models.DateField(_("public from"), null=True, blank=True)
    public_until = models.DateField(_("public until"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    objects = EnterpriseScoped.as_manager()

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_pk"], name="credit_record_source"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "kind", "occurred_on"], name="credit_record_ent"),
            models.Index(fields=["-occurred_on", "-id"], name="credit_record_order"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.kind} {self.occurred_on}"

    @property
    def kind_item(self):
        from zhiliang.credit.rules import kinds

        return kinds().get(self.kind)

    @property
    def kind_label(self) -> str:
        item = self.kind_item
        return item.label if item else self.kind

    @property
    def is_positive(self) -> bool:
        item = self.kind_item
        return bool(item and item.sign == "positive")


class CreditClass(models.Model):
    """The credit risk class (信用风险分类) of one enterprise: computed by `classify`, with
    its score, the model version and the top reasons; an office may override it with a
    reason until a date. `Enterprise.risk_class` keeps the effective class for the draw."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="credit_class",
    )
    computed_class = models.CharField(_("computed class"), max_length=1, choices=RiskClass.choices)
    score = models.FloatField(_("score"))
    is_default = models.BooleanField(
        _("default class"), default=False, help_text=_("No records counted: the default class.")
    )
    forced_by = models.CharField(_("hard rule"), max_length=40, blank=True)
    model_version = models.CharField(_("model version"), max_length=16)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    override_class = models.CharField(
        _("class set by the office"), max_length=1, choices=RiskClass.choices, blank=True
    )
    override_reason = models.CharField(_("reason for the override"), max_length=255, blank=True)
    override_until = models.DateField(_("override until"), null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    effective_class = models.CharField(
        _("credit risk class"), max_length=1, choices=RiskClass.choices
    )
    history = HistoricalRecords(excluded_fields=["computed_at", "reasons", "score"])

    objects = EnterpriseScoped.as_manager()

    class Meta:
        verbose_name = _("credit risk class")
        verbose_name_plural = _("credit risk classes")
        ordering = ["-score", "enterprise_id"]
        indexes = [
            models.Index(fields=["effective_class", "enterprise"], name="credit_class_by_class"),
        ]
        permissions = [
            ("override_creditclass", _("Can override a credit risk class")),
            ("view_backtest", _("Can view the backtest of the classes")),
        ]

    def __str__(self):
        return f"{self.enterprise_id}: {self.effective_class}"

    @property
    def override_active(self) -> bool:
        return bool(
            self.override_class
            and self.override_until
            and self.override_until > timezone.localdate()
        )

    def clean(self):
        errors = {}
        if self.override_class:
            if not (self.override_reason or "").strip():
                errors["override_reason"] = _("Give the reason for setting the class.")
            if not self.override_until:
                errors["override_until"] = _("Give the day the office's class ends.")
            elif self.override_until <= timezone.localdate():
                errors["override_until"] = _("The end of the override must lie in the future.")
        if errors:
            raise ValidationError(errors)


class ClassChange(models.Model):
    """A change of an enterprise's effective class: by the computation or by an office."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="credit_class_changes",
    )
    from_class = models.CharField(pgettext_lazy("class change", "from"), max_length=1, blank=True)
    to_class = models.CharField(pgettext_lazy("class change", "to"), max_length=1)
    score = models.FloatField(_("score"), null=True)
    model_version = models.CharField(_("model version"), max_length=16, blank=True)
    by_override = models.BooleanField(_("set by the office"), default=False)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"))

    objects = EnterpriseScoped.as_manager()

    class Meta:
        verbose_name = _("class change")
        verbose_name_plural = _("class changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "-changed_at"], name="credit_change_ent")]

    def __str__(self):
        return f"{self.enterprise_id}: {self.from_class}→{self.to_class}"
