"""The evaluation engine (评审) and the registry of holders: rounds of a scheme (data),
applications with their eligibility and documents, panels drawn from the expert pool,
reviewers' scores per item, objections during the public notice, and the holders."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.recognition import rules
from zhiliang.recognition.choices import (
    ApplicationStatus,
    HolderKind,
    HolderStatus,
    ObjectionOutcome,
    RoundStatus,
)


def _enterprise(verbose, related="+", null=False):
    return models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=verbose,
        on_delete=models.PROTECT,
        related_name=related,
        null=null,
        blank=null,
    )


def _region():
    return models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )


class ExpertQuerySet(JurisdictionQuerySet):
    pass


class Expert(models.Model):
    """An evaluation expert (评审专家) of an office's pool. Employer and declared relations
    are the conflicts of interest: never drawn for those enterprises' applications."""

    name = models.CharField(_("name"), max_length=100)
    speciality = models.CharField(_("speciality"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200)
    employer = _enterprise(_("employer enterprise"), null=True)
    related = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("related enterprises"),
        blank=True,
        related_name="+",
        help_text=_("Enterprises the expert advises, owns or is related to."),
    )
    region = _region()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login of the expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An expert with a login scores the applications of their panels."),
    )
    active = models.BooleanField(_("in the pool"), default=True)
    # The declared relations are conflicts of interest: who declared what, and when, is kept.
    history = HistoricalRecords(m2m_fields=[related])

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation expert")
        verbose_name_plural = _("evaluation experts")
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name}（{self.organisation}）"


class RoundQuerySet(ReachesUpQuerySet):
    """A city's round is read by its districts (their enterprises apply to it)."""


class Round(models.Model):
    """One evaluation round: a scheme (data) in a year, run by the office of a region."""

    scheme = models.CharField(_("scheme"), max_length=32)
    year = models.PositiveIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    region = _region()
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"), editable=False)
    panel_size = models.PositiveSmallIntegerField(_("reviewers per application"), default=3)
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    publicity_from = models.DateField(
        _("public notice from"), null=True, blank=True, editable=False
    )
    publicity_until = models.DateField(
        _("public notice until"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title

    @property
    def scheme_label(self) -> str:
        return rules.scheme_label(self.scheme)

    @property
    def level_label(self) -> str:
        return rules.level_label(self.level)

    def clean(self):
        errors = {}
        s = rules.scheme(self.scheme)
        if s is None:
            errors["scheme"] = _("%(v)s is not a scheme of the list.") % {"v": self.scheme}
        elif self.level not in s["levels"]:
            errors["level"] = _("This scheme has no %(v)s level.") % {"v": self.level}
        if self.panel_size is not None and not 1 <= self.panel_size <= 15:
            errors["panel_size"] = _("A panel has 1 to 15 reviewers.")
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors["year"] = _("Give the year as four digits.")
        if errors:
            raise ValidationError(errors)


class OfApplication(JurisdictionQuerySet):
    region_field = "application__region"


class ApplicationQuerySet(JurisdictionQuerySet):
    pass


class Application(models.Model):
    """An enterprise's application to a round (for a brand: one product), its eligibility
    checked against the registries, its panel (drawn, verifiable from the seed), its score
    and the decision."""

    round = models.ForeignKey(
        Round,
        verbose_name=_("evaluation round"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    enterprise = _enterprise(_("enterprise"), related="recognition_applications")
    region = _region()
    product = models.CharField(_("product"), max_length=200, blank=True)
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    eligibility = models.JSONField(_("eligibility check"), default=list, blank=True, editable=False)
    check_note = models.TextField(_("formal check"), blank=True)
    panel_seed = models.BigIntegerField(_("panel seed"), null=True, blank=True, editable=False)
    panel_inputs = models.JSONField(
        _("panel draw inputs"), default=dict, blank=True, editable=False
    )
    panel_digest = models.CharField(max_length=64, blank=True, editable=False)
    disputed = models.JSONField(
        _("items sent back for consensus"), default=list, blank=True, editable=False
    )
    total = models.DecimalField(
        _("score"), max_digits=7, decimal_places=1, null=True, blank=True, editable=False
    )
    grade = models.CharField(_("grade"), max_length=8, blank=True, editable=False)
    site_note = models.TextField(_("site review"), blank=True)
    site_passed = models.BooleanField(_("site review passed"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "enterprise", "product"], name="recognition_application_once"
            ),
        ]

    def __str__(self):
        label = f"{self.enterprise.name} {self.product}".strip()
        return f"{self.round.title}：{label}"

    @property
    def failed_rules(self) -> list[dict]:
        return [r for r in self.eligibility if not r.get("passed")]


class ApplicationDocument(models.Model):
    """A document of an application (checked by content like every evidence file)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="recognition/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OfApplication.as_manager()

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "id"]

    def __str__(self):
        return self.title


class Seat(models.Model):
    """A reviewer drawn onto an application's panel, in draw order."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="seats"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("evaluation expert"), on_delete=models.PROTECT, related_name="seats"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    history = HistoricalRecords()

    objects = OfApplication.as_manager()

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        ordering = ["application", "order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="recognition_seat_once")
        ]

    def __str__(self):
        return f"{self.application_id} #{self.order} {self.expert}"


class Score(models.Model):
    """One reviewer's points for one item; a re-score after consensus raises `revision`
    (the earlier points stay in the history)."""

    seat = models.ForeignKey(
        Seat, verbose_name=_("panel seat"), on_delete=models.CASCADE, related_name="scores"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="scores",
        editable=False,
    )
    item = models.CharField(_("item"), max_length=16)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    history = HistoricalRecords()

    objects = OfApplication.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["application", "item", "seat"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "item"], name="recognition_score_once")
        ]

    def __str__(self):
        return f"{self.item} {self.points}"


class Objection(models.Model):
    """An objection received during the public notice (公示异议) and how it was settled."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("objection"))
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=ObjectionOutcome.choices,
        default=ObjectionOutcome.PENDING,
    )
    outcome_note = models.TextField(_("finding"), blank=True)
    history = HistoricalRecords()

    objects = OfApplication.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["application", "received_on", "id"]

    def __str__(self):
        return f"{self.application_id} {self.received_on}"


class HolderQuerySet(JurisdictionQuerySet):
    pass


class Holder(models.Model):
    """A holder of a title (名牌产品, 质量奖, 提名奖, 卓越绩效导入, 质量信用等级, 标准化良好行为):
    from a decision, or imported for earlier years. Flagged when it no longer meets the
    scheme's eligibility (the office decides on revocation)."""

    kind = models.CharField(_("kind"), max_length=16, choices=HolderKind.choices)
    enterprise = _enterprise(_("enterprise"), related="recognition_titles")
    region = _region()
    product = models.CharField(_("product"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16)
    grade = models.CharField(_("grade"), max_length=8, blank=True)
    year = models.PositiveIntegerField(_("year"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=16, choices=HolderStatus.choices, default=HolderStatus.VALID
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holder",
        editable=False,
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    flagged = models.BooleanField(_("flagged for revocation"), default=False, editable=False)
    flag_reasons = models.JSONField(_("why flagged"), default=list, blank=True, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revocation_reason = models.CharField(
        _("reason for revocation"), max_length=255, blank=True, editable=False
    )
    history = HistoricalRecords()

    objects = HolderQuerySet.as_manager()

    class Meta:
        verbose_name = _("title holder")
        verbose_name_plural = _("title holders")
        ordering = ["-year", "kind", "id"]
        indexes = [
            models.Index(fields=["kind", "status", "valid_until"], name="recognition_holder_kind"),
            models.Index(fields=["region", "year"], name="recognition_holder_region"),
        ]

    def __str__(self):
        return f"{self.enterprise.name} {self.product} {self.get_kind_display()}".strip()

    @property
    def level_label(self) -> str:
        return rules.level_label(self.level)

    def clean(self):
        errors = {}
        if self.level and self.level not in dict(rules.level_choices()):
            errors["level"] = _("%(v)s is not a level of the list.") % {"v": self.level}
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            errors["valid_until"] = _("The title must be valid after it is granted.")
        if self.kind == HolderKind.BRAND and not self.product.strip():
            errors["product"] = _("Name the brand product.")
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = _("Give the year as four digits.")
        if errors:
            raise ValidationError(errors)
