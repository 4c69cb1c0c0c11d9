from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.penalties import listing_rules, rules
from zhiliang.penalties.choices import PenaltyStatus


class EnterpriseRecordQuerySet(JurisdictionQuerySet):
    region_field = "enterprise__region"


def _enterprise_dates(obj, field: str, label) -> dict:
    """The day must have happened and lie on or after the enterprise's establishment."""
    errors = dates_not_in_future(obj, {field: label})
    day = getattr(obj, field)
    enterprise = obj.enterprise if obj.enterprise_id else None
    established = enterprise.established_on if enterprise else None
    if field not in errors and day and established and day < established:
        errors[field] = _("%(f)s lies before the enterprise was established (%(d)s).") % {
            "f": label,
            "d": established.isoformat(),
        }
    return errors


def _market_body(obj, field: str) -> dict:
    body = getattr(obj, field) if getattr(obj, f"{field}_id") else None
    if body is not None and not body.regulates_market:
        return {field: _("Only a market regulation body decides this.")}
    return {}


class Penalty(models.Model):
    """An administrative penalty decision (行政处罚决定) on an enterprise.

    `publish_by`, `public_from` and `public_until` are derived by the services from the
    rules (data/penalty_rules.yaml): published within 20 working days, public for 3 months
    (warnings, small fines) or 3 years, withdrawn when the decision is overturned.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="penalties",
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    enforcing_body = models.ForeignKey(
        "core.Organization",
        verbose_name=_("enforcing body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    violation = models.CharField(_("violation"), max_length=255, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    kind = models.CharField(_("kind of penalty"), max_length=32)
    fine_amount = models.DecimalField(
        _("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscated_amount = models.DecimalField(
        _("confiscated (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decision date"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    status = models.CharField(
        _("decision status"),
        max_length=10,
        choices=PenaltyStatus.choices,
        default=PenaltyStatus.IN_FORCE,
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.CharField(_("reason for the change"), max_length=255, blank=True)
    publish_by = models.DateField(_("to be published by"))
    public_from = models.DateField(_("public from"))
    public_until = models.DateField(
        _("public until"), help_text=_("The first day it is no longer public.")
    )
    sector = models.CharField(
        _("field (for repair)"),
        max_length=32,
        default="general",
        help_text=_("Food, drugs and special equipment wait longer before a repair."),
    )
    repaired_on = models.DateField(_("repaired on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = EnterpriseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative penalty")
        verbose_name_plural = _("administrative penalties")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enforcing_body", "decision_number"], name="penalty_body_number"
            ),
        ]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="penalty_list_order"),
            models.Index(fields=["enterprise", "decided_on"], name="penalty_enterprise"),
            models.Index(fields=["status", "public_until"], name="penalty_public"),
        ]

    def __str__(self):
        return self.decision_number

    @property
    def kind_item(self):
        return rules.kinds().get(self.kind)

    @property
    def kind_label(self) -> str:
        item = self.kind_item
        return item.label if item else self.kind

    @property
    def sector_label(self) -> str:
        item = listing_rules.sectors().get(self.sector)
        return item.label if item else self.sector

    @property
    def repair_from(self):
        return listing_rules.repair_from(public_from=self.public_from, sector=self.sector)

    def clean(self):
        errors = _enterprise_dates(self, "decided_on", _("The decision date"))
        if self.sector not in listing_rules.sectors():
            errors["sector"] = _("Unknown field %(s)s; known fields: %(known)s.") % {
                "s": self.sector,
                "known": ", ".join(listing_rules.sectors()),
            }
        errors.update(dates_not_in_future(self, {"published_on": _("The publication date")}))
        errors.update(_market_body(self, "enforcing_body"))
        item = rules.kinds().get(self.kind)
        if self.kind and item is None:
            errors["kind"] = _("Unknown kind of penalty %(k)s; known kinds: %(known)s.") % {
                "k": self.kind,
                "known": ", ".join(rules.kinds()),
            }
        if item and item.requires_amount and not self.fine_amount:
            errors["fine_amount"] = _("A fine needs its amount in yuan.")
        for field in ("fine_amount", "confiscated_amount"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("An amount cannot be negative.")
        decided = self.decided_on
        if self.published_on and decided and self.published_on < decided:
            errors["published_on"] = _("It cannot be published before the decision.")
        changed = self.status_changed_on
        if self.status != PenaltyStatus.IN_FORCE and not changed:
            errors["status_changed_on"] = _("Give the date the decision's status changed.")
        if changed and decided and changed < decided:
            errors["status_changed_on"] = _("The change lies before the decision.")
        errors.update(dates_not_in_future(self, {"status_changed_on": _("The date of the change")}))
        if errors:
            raise ValidationError(errors)


class AbnormalListing(models.Model):
    """A listing in the 经营异常名录 and, once it ends, its removal."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="abnormal_listings",
    )
    reason = models.CharField(_("reason for listing"), max_length=32)
    listed_on = models.DateField(_("listed on"))
    deciding_body = models.ForeignKey(
        "core.Organization",
        verbose_name=_("deciding body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = EnterpriseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("abnormal operation listing")
        verbose_name_plural = _("abnormal operation listings")
        ordering = ["-listed_on", "-id"]
        constraints = [
            # One open listing per enterprise and reason (a second would double the count).
            models.UniqueConstraint(
                fields=["enterprise", "reason"],
                condition=models.Q(removed_on__isnull=True),
                name="listing_one_open_per_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["-listed_on", "-id"], name="listing_list_order"),
            models.Index(fields=["enterprise", "removed_on"], name="listing_enterprise"),
        ]

    def __str__(self):
        return f"{self.enterprise} — {self.reason_label}"

    @property
    def reason_item(self):
        return rules.reasons().get(self.reason)

    @property
    def reason_label(self) -> str:
        item = self.reason_item
        return item.label if item else self.reason

    @property
    def is_open(self) -> bool:
        return self.removed_on is None

    def clean(self):
        errors = _enterprise_dates(self, "listed_on", _("The listing date"))
        errors.update(dates_not_in_future(self, {"removed_on": _("The removal date")}))
        errors.update(_market_body(self, "deciding_body"))
        if self.reason and self.reason not in rules.reasons():
            errors["reason"] = _("Unknown reason %(r)s; known reasons: %(known)s.") % {
                "r": self.reason,
                "known": ", ".join(rules.reasons()),
            }
        if not (self.legal_basis or "").strip():
            errors["legal_basis"] = _("A listing needs its legal basis.")
        removed = self.removed_on
        if removed and self.listed_on and removed < self.listed_on:
            errors.setdefault("removed_on", _("The removal lies before the listing."))
        if removed and not (self.removal_reason or "").strip():
            errors["removal_reason"] = _("Give the reason for the removal.")
        if self.removal_reason and not removed:
            errors["removed_on"] = _("Give the date of the removal.")
        if errors:
            raise ValidationError(errors)


# The serious-violation list and repair applications live in their own module.
from zhiliang.penalties.serious_models import (  # noqa: E402, F401
    PenaltyRepair,
    RepairEvidence,
    SeriousEvidence,
    SeriousViolation,
)
