from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.validators import dates_not_in_future
from zhiliang.standards import querysets as qs
from zhiliang.standards import rules
from zhiliang.standards.choices import PilotStatus, StandardStatus


def _fk(model, label, *, null=False, related="+", on_delete=models.PROTECT, **kwargs):
    return models.ForeignKey(
        model, verbose_name=label, null=null, blank=null, on_delete=on_delete,
        related_name=related, **kwargs,
    )  # fmt: skip


class Standard(models.Model):
    """A standard (标准) of any level: its number in the level's format (data), its dates and
    the review (复审) that falls due a fixed number of years after the issue or the last
    review. National, industry and group standards have no region (reference data)."""

    number = models.CharField(_("standard number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("level"), max_length=16, db_index=True)
    publisher = models.CharField(_("publisher or alliance"), max_length=200, blank=True)
    region = _fk("core.Region", _("region"), null=True)
    enterprise = _fk("enterprises.Enterprise", _("enterprise"), null=True)
    issued_on = models.DateField(_("issued on"))
    implemented_on = models.DateField(_("implemented on"))
    withdrawn_on = models.DateField(pgettext_lazy("standard", "withdrawn on"), null=True,
                                    blank=True)  # fmt: skip
    replaced_by = _fk("self", _("replaced by"), null=True, related="replaces")
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True, editable=False)
    review_due_on = models.DateField(_("review due on"), null=True, editable=False)
    history = HistoricalRecords()

    objects = qs.StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["level", "number"]
        permissions = [
            ("change_reference_standard",
             _("Can register and correct national, industry and group standards")),
        ]  # fmt: skip
        indexes = [models.Index(fields=["region", "level"], name="standard_region_level")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def level_label(self) -> str:
        return rules.label(rules.level_choices, self.level)

    def status_on(self, day) -> str:
        if self.withdrawn_on and self.withdrawn_on <= day:
            return StandardStatus.WITHDRAWN
        if self.implemented_on and self.implemented_on > day:
            return StandardStatus.UPCOMING
        return StandardStatus.CURRENT

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return StandardStatus(self.status).label

    @property
    def review_overdue(self) -> bool:
        today = timezone.localdate()
        return bool(self.review_due_on and self.review_due_on < today
                    and self.status == StandardStatus.CURRENT)  # fmt: skip

    def derive(self) -> None:
        start = self.reviewed_on or self.issued_on
        years = rules.review_years(self.level)
        self.review_due_on = rules.add_years(start, years) if start else None

    def clean(self):
        errors = dates_not_in_future(self, {"issued_on": _("The issue date")})
        entry = rules.level(self.level)
        if entry is None:
            errors["level"] = _("%(v)s is not a level of the list.") % {"v": self.level}
        elif self.number and not rules.number_matches(self.level, self.number):
            errors["number"] = _(
                "%(n)s is not written as a %(level)s number; expected like %(e)s (%(p)s)."
            ) % {"n": self.number, "level": entry["name"], "e": entry["example"],
                 "p": " | ".join(entry["patterns"]).replace("{codes}", "…")}  # fmt: skip
        if self.issued_on and self.implemented_on and self.implemented_on < self.issued_on:
            errors["implemented_on"] = _("A standard is implemented on or after its issue.")
        if self.issued_on and self.withdrawn_on and self.withdrawn_on < self.issued_on:
            errors["withdrawn_on"] = _("A standard is withdrawn after its issue.")
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A standard does not replace itself.")
        if entry and entry["region"] == "enterprise" and not self.enterprise_id:
            errors["enterprise"] = _("An enterprise standard names its enterprise.")
        if entry and entry["region"] != "enterprise" and self.enterprise_id:
            errors["enterprise"] = _("Only an enterprise standard names an enterprise.")
        if errors:
            raise ValidationError(errors)


class Review(models.Model):
    """One review cycle of a standard: the day it fell due and, once done, the review."""

    standard = _fk(Standard, _("standard"), related="reviews", on_delete=models.CASCADE)
    due_on = models.DateField(_("review due on"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=16, blank=True)
    history = HistoricalRecords()

    objects = qs.ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard review")
        verbose_name_plural = _("standard reviews")
        ordering = ["standard", "due_on"]

    def __str__(self):
        return f"{self.standard.number} {self.due_on}"

    @property
    def conclusion_label(self) -> str:
        return rules.label(rules.conclusion_choices, self.conclusion)

    @property
    def on_time(self) -> bool:
        return bool(self.reviewed_on and self.reviewed_on <= self.due_on)

    def clean(self):
        errors = dates_not_in_future(self, {"reviewed_on": _("The review date")})
        if self.conclusion and self.conclusion not in dict(rules.conclusion_choices()):
            errors["conclusion"] = _("%(v)s is not a conclusion of the list.") % {
                "v": self.conclusion
            }
        if errors:
            raise ValidationError(errors)


class EnterpriseStandard(models.Model):
    """The standard an enterprise applies to a product it makes (企业执行标准), with its
    self-declaration (企业标准自我声明公开): the indicators and their test methods, checked
    for completeness against the product family's safety indicators (data)."""

    enterprise = _fk("enterprises.Enterprise", _("enterprise"))
    product = _fk("enterprises.Product", _("product"))
    made = _fk("enterprises.EnterpriseProduct", _("product made"), related="standards_applied",
               on_delete=models.CASCADE, editable=False)  # fmt: skip
    standard = _fk(Standard, _("standard"), related="applications")
    region = _fk("core.Region", _("region"), editable=False)
    declared_on = models.DateField(_("self-declared on"), null=True, blank=True)
    items = models.JSONField(_("declared indicators and test methods"), default=list, blank=True)
    gaps = models.JSONField(_("missing items"), default=list, editable=False)
    complete = models.BooleanField(_("declaration complete"), default=False, editable=False)
    history = HistoricalRecords()

    objects = qs.EnterpriseStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise standard applied")
        verbose_name_plural = _("enterprise standards applied")
        ordering = ["region_id", "enterprise_id", "product_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "product", "standard"],
                                    name="standards_applied_once"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.enterprise} — {self.product.name} — {self.standard.number}"

    def derive(self) -> None:
        category = self.product.parent.code if self.product.parent_id else self.product.code
        self.gaps = rules.declaration_gaps(self.items, category) if self.declared_on else []
        self.complete = bool(self.declared_on) and not self.gaps

    def clean(self):
        errors = dates_not_in_future(self, {"declared_on": _("The declaration date")})
        items = self.items if isinstance(self.items, list) else None
        if items is None or not all(isinstance(i, dict) for i in items):
            errors["items"] = _("List each indicator with its test method.")
        if errors:
            raise ValidationError(errors)


class Adoption(models.Model):
    """采标: a Chinese standard, or an enterprise's product, adopting an international or
    advanced foreign standard, with the degree of correspondence (IDT / MOD / NEQ)."""

    standard = _fk(Standard, _("standard"), null=True, related="adoptions")
    enterprise = _fk("enterprises.Enterprise", _("enterprise"), null=True)
    product = _fk("enterprises.Product", _("product"), null=True)
    made = _fk("enterprises.EnterpriseProduct", _("product made"), null=True,
               related="adoptions", on_delete=models.CASCADE, editable=False)  # fmt: skip
    region = _fk("core.Region", _("region"), null=True, editable=False)
    foreign_number = models.CharField(_("international or foreign standard"), max_length=100)
    foreign_body = models.CharField(_("issuing body"), max_length=16)
    degree = models.CharField(_("degree of correspondence"), max_length=8)
    adopted_on = models.DateField(_("adopted on"))
    history = HistoricalRecords()

    objects = qs.AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption of an international standard")
        verbose_name_plural = _("adoptions of international standards")
        ordering = ["-adopted_on", "id"]

    def __str__(self):
        return f"{self.foreign_number} ({self.degree})"

    @property
    def degree_label(self) -> str:
        return rules.label(rules.degree_choices, self.degree)

    def clean(self):
        errors = dates_not_in_future(self, {"adopted_on": _("The adoption date")})
        if not self.standard_id and not (self.enterprise_id and self.product_id):
            errors["standard"] = _("Name the adopting standard, or the enterprise and product.")
        if bool(self.enterprise_id) != bool(self.product_id):
            errors["product"] = _("An enterprise's adoption names both enterprise and product.")
        if self.degree and self.degree not in dict(rules.degree_choices()):
            errors["degree"] = _("Write IDT, MOD or NEQ.")
        if self.foreign_body and self.foreign_body not in dict(rules.body_choices()):
            errors["foreign_body"] = _("%(v)s is not a body of the list.") % {
                "v": self.foreign_body
            }
        if errors:
            raise ValidationError(errors)


class Drafting(models.Model):
    """制修订: a body of the region (an enterprise, or an organisation by name) drafted or
    revised a standard, leading it (主导) or taking part (参与)."""

    standard = _fk(Standard, _("standard"), related="draftings")
    enterprise = _fk("enterprises.Enterprise", _("enterprise"), null=True)
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    region = _fk("core.Region", _("region"))
    role = models.CharField(_("role"), max_length=8)
    kind = models.CharField(_("drafted or revised"), max_length=10)
    history = HistoricalRecords()

    objects = qs.DraftingQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard drafting")
        verbose_name_plural = _("standard draftings")
        ordering = ["-standard__issued_on", "id"]

    def __str__(self):
        return f"{self.body_name} — {self.standard.number}"

    @property
    def body_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.organization_name

    @property
    def role_label(self) -> str:
        return rules.label(rules.role_choices, self.role)

    @property
    def kind_label(self) -> str:
        return rules.label(rules.drafting_kind_choices, self.kind)

    def clean(self):
        errors = {}
        if not self.enterprise_id and not self.organization_name.strip():
            errors["organization_name"] = _("Name the enterprise or the organisation.")
        if self.role not in dict(rules.role_choices()):
            errors["role"] = _("Choose lead or participant.")
        if self.kind not in dict(rules.drafting_kind_choices()):
            errors["kind"] = _("Choose drafted or revised.")
        if errors:
            raise ValidationError(errors)


class Pilot(models.Model):
    """A standardisation pilot or demonstration zone (标准化试点示范): level, region, period
    and status."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12)
    kind = models.CharField(_("kind"), max_length=16)
    field = models.CharField(_("field"), max_length=16)
    region = _fk("core.Region", _("region"))
    enterprise = _fk("enterprises.Enterprise", _("undertaking enterprise"), null=True)
    undertaker = models.CharField(_("undertaking body"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        pgettext_lazy("pilot", "status"), max_length=10, choices=PilotStatus.choices,
        default=PilotStatus.BUILDING,
    )  # fmt: skip
    history = HistoricalRecords()

    objects = qs.PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("standardisation pilot")
        verbose_name_plural = _("standardisation pilots")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    @property
    def level_label(self) -> str:
        return rules.label(rules.pilot_level_choices, self.level)

    @property
    def kind_label(self) -> str:
        return rules.label(rules.pilot_kind_choices, self.kind)

    @property
    def field_label(self) -> str:
        return rules.label(rules.pilot_field_choices, self.field)

    def clean(self):
        errors = {}
        for name, choices in (("level", rules.pilot_level_choices),
                              ("kind", rules.pilot_kind_choices),
                              ("field", rules.pilot_field_choices)):  # fmt: skip
            if getattr(self, name) not in dict(choices()):
                errors[name] = _("%(v)s is not on the list.") % {"v": getattr(self, name)}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The period ends before it starts.")
        if not self.enterprise_id and not self.undertaker.strip():
            errors["undertaker"] = _("Name the undertaking enterprise or body.")
        if errors:
            raise ValidationError(errors)
