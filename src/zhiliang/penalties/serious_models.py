"""The serious-violation list (严重违法失信名单, 总局令第44号), repair applications for
penalty records (信用修复) and their evidence files. Imported by `models.py`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.penalties import listing_rules
from zhiliang.penalties.choices import LISTED, RepairStatus, SeriousStatus


class _EnterpriseQuerySet(JurisdictionQuerySet):
    region_field = "enterprise__region"


class _RepairQuerySet(JurisdictionQuerySet):
    region_field = "penalty__enterprise__region"


def _after(errors: dict, obj, later: str, earlier: str, text) -> None:
    a, b = getattr(obj, later), getattr(obj, earlier)
    if a and b and a < b and later not in errors:
        errors[later] = text


class SeriousViolation(models.Model):
    """One enterprise's way through the serious-violation list: proposed, notified (with
    its objection window), decided, published, and removed early or at the end.

    `objection_until` and `ends_on` are derived by the services from the rules
    (data/serious_rules.yaml)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="serious_violations",
    )
    deciding_body = models.ForeignKey(
        "core.Organization",
        verbose_name=_("deciding body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    penalty = models.ForeignKey(
        "penalties.Penalty",
        verbose_name=_("penalty it rests on"),
        on_delete=models.PROTECT,
        related_name="serious_violations",
        null=True,
        blank=True,
    )
    category = models.CharField(_("kind of serious violation"), max_length=32)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    facts = models.TextField(_("facts"), blank=True)
    status = models.CharField(
        _("step"), max_length=16, choices=SeriousStatus.choices, default=SeriousStatus.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"))
    notified_on = models.DateField(_("enterprise notified on"), null=True, blank=True)
    objection_until = models.DateField(_("objections until"), null=True, blank=True)
    objection = models.TextField(_("objection and its answer"), blank=True)
    dropped_on = models.DateField(_("not listed, decided on"), null=True, blank=True)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    ends_on = models.DateField(
        _("listed until"), null=True, blank=True, help_text=_("The first day no longer listed.")
    )
    removal_applied_on = models.DateField(_("early removal applied for on"), null=True, blank=True)
    removal_conditions = models.JSONField(
        _("conditions of early removal"), default=dict, blank=True
    )
    removal_statement = models.TextField(_("applicant's statement"), blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = _EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("serious-violation listing")
        verbose_name_plural = _("serious-violation list")
        ordering = ["-proposed_on", "-id"]
        indexes = [
            models.Index(fields=["-proposed_on", "-id"], name="serious_list_order"),
            models.Index(fields=["status", "ends_on"], name="serious_status_end"),
            models.Index(fields=["enterprise", "listed_on"], name="serious_enterprise"),
        ]

    def __str__(self):
        return f"{self.enterprise} — {self.category_label}"

    @property
    def category_item(self):
        return listing_rules.categories().get(self.category)

    @property
    def category_label(self) -> str:
        item = self.category_item
        return item.label if item else self.category

    @property
    def is_listed(self) -> bool:
        """The measures apply: decided and not yet removed."""
        return self.status in LISTED

    @property
    def early_removal_from(self):
        return listing_rules.early_removal_from(self.listed_on) if self.listed_on else None

    def clean(self):
        labels = {
            "proposed_on": _("The proposal date"),
            "notified_on": _("The notice date"),
            "dropped_on": _("The date"),
            "listed_on": _("The listing date"),
            "published_on": _("The publication date"),
            "removal_applied_on": _("The application date"),
            "removed_on": _("The removal date"),
        }
        errors = dates_not_in_future(self, labels)
        if self.category and self.category not in listing_rules.categories():
            errors["category"] = _("Unknown kind %(k)s; known kinds: %(known)s.") % {
                "k": self.category,
                "known": ", ".join(listing_rules.categories()),
            }
        if not (self.legal_basis or "").strip():
            # The same words refuse an abnormal listing (经营异常名录): told apart in Chinese.
            errors["legal_basis"] = pgettext_lazy(
                "serious-violation list", "A listing needs its legal basis."
            )
        enterprise = self.enterprise if self.enterprise_id else None
        established = enterprise.established_on if enterprise else None
        if self.proposed_on and established and self.proposed_on < established:
            errors.setdefault(
                "proposed_on",
                _("The proposal lies before the enterprise was established (%(d)s).")
                % {"d": established.isoformat()},
            )
        if self.penalty_id and enterprise and self.penalty.enterprise_id != enterprise.pk:
            errors["penalty"] = _("The penalty concerns another enterprise.")
        body = self.deciding_body if self.deciding_body_id else None
        if body is not None and not body.regulates_market:
            errors["deciding_body"] = _("Only a market regulation body decides this.")
        _after(
            errors, self, "notified_on", "proposed_on", _("The notice lies before the proposal.")
        )
        _after(errors, self, "dropped_on", "proposed_on", _("The date lies before the proposal."))
        _after(
            errors,
            self,
            "published_on",
            "listed_on",
            _("It cannot be published before the decision."),
        )
        _after(errors, self, "removed_on", "listed_on", _("The removal lies before the listing."))
        until, listed = self.objection_until, self.listed_on
        if listed and until and listed <= until and "listed_on" not in errors:
            errors["listed_on"] = _(
                "The objection window runs until %(d)s: the listing can be decided "
                "from the day after."
            ) % {"d": until.isoformat()}
        unknown = set(self.removal_conditions or {}) - set(listing_rules.removal_conditions())
        if unknown:
            errors["removal_conditions"] = _("Unknown conditions: %(c)s.") % {
                "c": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)


class PenaltyRepair(models.Model):
    """An application to repair (信用修复) a published penalty record, and its review."""

    penalty = models.ForeignKey(
        "penalties.Penalty",
        verbose_name=_("penalty"),
        on_delete=models.PROTECT,
        related_name="repairs",
    )
    applied_on = models.DateField(_("applied on"))
    statement = models.TextField(_("applicant's statement"), blank=True)
    status = models.CharField(
        _("review"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.CharField(_("reason of the decision"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = _RepairQuerySet.as_manager()

    class Meta:
        verbose_name = _("repair application")
        verbose_name_plural = _("repair applications")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["penalty"],
                condition=models.Q(status="pending"),
                name="repair_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["-applied_on", "-id"], name="repair_list_order")]

    def __str__(self):
        return f"{self.penalty} — {self.applied_on}"

    def clean(self):
        errors = dates_not_in_future(
            self, {"applied_on": _("The application date"), "decided_on": _("The decision date")}
        )
        _after(
            errors, self, "decided_on", "applied_on", _("The decision lies before the application.")
        )
        if self.status != RepairStatus.PENDING and not self.decided_on:
            errors["decided_on"] = _("Give the date of the decision.")
        if self.status != RepairStatus.PENDING and not (self.decision_reason or "").strip():
            errors["decision_reason"] = _("Give the reason of the decision.")
        if errors:
            raise ValidationError(errors)


class _EvidenceFile(models.Model):
    file = models.FileField(_("file"), upload_to="penalties/evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.original_name


class SeriousEvidence(_EvidenceFile):
    listing = models.ForeignKey(
        SeriousViolation,
        verbose_name=_("serious-violation listing"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    history = HistoricalRecords()

    class Meta(_EvidenceFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class RepairEvidence(_EvidenceFile):
    repair = models.ForeignKey(
        PenaltyRepair,
        verbose_name=_("repair application"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    history = HistoricalRecords()

    class Meta(_EvidenceFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
