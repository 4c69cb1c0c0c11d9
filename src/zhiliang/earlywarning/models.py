"""Risk assessments (风险评估), warnings (预警: internal alerts, consumer risk warnings,
risk notices), yellow/red cards (红(黄)牌警示) to a lower government, and the actions taken
from a warning or card. Writes are in `services/`; the matrix and card rules in `data/`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.earlywarning import rules
from zhiliang.earlywarning.choices import (
    ActionKind,
    CardColour,
    CardStatus,
    Decision,
    RiskLevel,
    WarningKind,
    WarningStatus,
)
from zhiliang.risk import rules as risk_rules


def _fk(model: str, label, **extra):
    return models.ForeignKey(
        model, verbose_name=label, on_delete=models.PROTECT, related_name="+", **extra
    )


def _optional(model: str, label):
    return _fk(model, label, null=True, blank=True)


def _hazard_error(hazard: str) -> dict:
    if hazard and hazard not in risk_rules.hazard_words().values():
        return {"hazard": _("%(v)s is not a hazard type of the list.") % {"v": hazard}}
    return {}


class AssessmentQuerySet(JurisdictionQuerySet):
    pass


class RiskAssessment(models.Model):
    """An analyst's assessment of a signal or an item of risk information: the hazard, the
    injury scenario, its severity (1–4) and probability (the product of the scenario's
    steps), the level the matrix gives, what it affects and the decision taken."""

    signal = _optional("risk.Signal", _("signal"))
    information = _optional("risk.RiskInformation", _("risk information"))
    product = _fk("enterprises.Product", _("product"))
    region = _fk("core.Region", _("region"))
    hazard = models.CharField(_("hazard"), max_length=24)
    scenario = models.TextField(_("injury scenario"))
    severity = models.PositiveSmallIntegerField(_("severity of the injury (1–4)"))
    steps = models.JSONField(
        _("probability steps"),
        default=list,
        help_text=_("Each step of the scenario with its probability; the product is the total."),
    )
    probability = models.FloatField(_("probability"), editable=False, default=0)
    level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, editable=False
    )
    products = models.ManyToManyField(
        "enterprises.Product", verbose_name=_("affected products"), related_name="+", blank=True
    )
    regions = models.ManyToManyField(
        "core.Region", verbose_name=_("affected regions"), related_name="+", blank=True
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("enterprises concerned"),
        related_name="+",
        blank=True,
    )
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    assessed_by = _optional(settings.AUTH_USER_MODEL, _("assessed by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "decision"], name="assessment_region_decision")]

    def __str__(self):
        return f"{self.product} · {self.get_level_display()}"

    @property
    def hazard_label(self) -> str:
        return risk_rules.hazard_label(self.hazard)

    @property
    def severity_label(self) -> str:
        return dict(rules.severity_choices()).get(self.severity, str(self.severity))

    @property
    def probability_text(self) -> str:
        return rules.probability_words(self.probability)

    @property
    def band_label(self) -> str:
        return rules.band_of(self.probability)["name"]

    def clean(self):
        errors = _hazard_error(self.hazard)
        if self.severity is not None and self.severity not in (1, 2, 3, 4):
            errors["severity"] = _("The severity is 1, 2, 3 or 4.")
        steps = self.steps if isinstance(self.steps, list) else None
        if not steps:
            errors["steps"] = _("Give at least one step of the scenario with its probability.")
        else:
            for n, step in enumerate(steps, start=1):
                p = step.get("p") if isinstance(step, dict) else None
                if not isinstance(p, int | float) or isinstance(p, bool) or not 0 < p <= 1:
                    errors["steps"] = _("Step %(n)s: a probability lies above 0 and at most 1.") % {
                        "n": n
                    }
                    break
        if self.signal_id is None and self.information_id is None:
            errors["signal"] = _("An assessment starts from a signal or an item of information.")
        if errors:
            raise ValidationError(errors)


class WarningQuerySet(ReachesUpQuerySet):
    """A city's warning is read by its districts' inspectors too; writes stay within."""


class RiskWarning(models.Model):
    """A warning (预警): an internal alert to the inspectors of a region, a consumer risk
    warning (风险警示) shown on the public pages once published, or a risk notice (风险告知书)
    to the enterprises named, handed out as a .docx."""

    kind = models.CharField(_("kind of warning"), max_length=8, choices=WarningKind.choices)
    assessment = _optional("earlywarning.RiskAssessment", _("risk assessment"))
    region = _fk("core.Region", _("region"))
    product = _fk("enterprises.Product", _("product"))
    hazard = models.CharField(_("hazard"), max_length=24)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    advice = models.TextField(_("advice to consumers or enterprises"), blank=True)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("enterprises notified"),
        related_name="+",
        blank=True,
    )
    status = models.CharField(
        pgettext_lazy("warning", "status"),
        max_length=10,
        choices=WarningStatus.choices,
        default=WarningStatus.DRAFT,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = _optional(settings.AUTH_USER_MODEL, _("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"], name="warning_kind_status")]

    def __str__(self):
        return self.title

    @property
    def hazard_label(self) -> str:
        return risk_rules.hazard_label(self.hazard)

    def clean(self):
        errors = _hazard_error(self.hazard)
        if not (self.title or "").strip():
            errors["title"] = _("Give the warning a title.")
        if not (self.text or "").strip():
            errors["text"] = _("Write what the warning says.")
        if errors:
            raise ValidationError(errors)


class CardQuerySet(JurisdictionQuerySet):
    """Scoped by the carded region: a district sees the cards it received, a city those it
    issued to its districts (and any it received itself)."""


class Card(models.Model):
    """A yellow or red card (红(黄)牌警示) from a city or province office to a region inside
    its jurisdiction: the hazard, the deadline, the 专项整治 plan whose tasks the region's
    units carry out, escalation to red, and lifting with evidence."""

    colour = models.CharField(_("colour"), max_length=8, choices=CardColour.choices)
    issued_colour = models.CharField(
        _("colour when issued"), max_length=8, choices=CardColour.choices, editable=False
    )
    status = models.CharField(
        pgettext_lazy("card", "status"),
        max_length=8,
        choices=CardStatus.choices,
        default=CardStatus.OPEN,
    )
    region = _fk("core.Region", _("carded region"))
    issuer = _fk("core.Organization", _("issued by"))
    issuer_region = _fk("core.Region", _("issuing region"))
    assessment = _optional("earlywarning.RiskAssessment", _("risk assessment"))
    signal = _optional("risk.Signal", _("signal"))
    product = _fk("enterprises.Product", _("product"))
    hazard = models.CharField(_("hazard"), max_length=24)
    problem = models.TextField(_("the regional problem"))
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("rectify by"))
    red_on = models.DateField(_("red since"), null=True, blank=True)
    escalation_reason = models.CharField(_("why it turned red"), max_length=255, blank=True)
    plan = _optional("plans.Plan", _("专项整治 plan"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lift_note = models.TextField(_("why it is lifted"), blank=True)
    lift_evidence = models.FileField(_("rectification evidence"), upload_to="cards/%Y/", blank=True)
    lift_evidence_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = _optional(settings.AUTH_USER_MODEL, _("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("yellow or red card")
        verbose_name_plural = _("yellow and red cards")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "product"],
                condition=Q(status="open"),
                name="card_one_open_per_cell",
            )
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="card_status_deadline")]

    def __str__(self):
        return f"{self.get_colour_display()} · {self.region} · {self.product}"

    @property
    def hazard_label(self) -> str:
        return risk_rules.hazard_label(self.hazard)

    def clean(self):
        errors = _hazard_error(self.hazard)
        if not (self.problem or "").strip():
            errors["problem"] = _("Describe the regional problem.")
        if self.issued_on and self.deadline and self.deadline <= self.issued_on:
            errors["deadline"] = _("The deadline lies after the day of issue.")
        if errors:
            raise ValidationError(errors)


class ActionQuerySet(JurisdictionQuerySet):
    pass


class Action(models.Model):
    """What was done from a warning or a card: a targeted sampling plan (定向抽查), an
    interview (约谈, a case of the cases app), a risk notice or a public announcement (a
    warning of its own). The record made is linked, never copied."""

    kind = models.CharField(_("kind of action"), max_length=12, choices=ActionKind.choices)
    card = models.ForeignKey(
        Card,
        verbose_name=_("card"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    warning = models.ForeignKey(
        RiskWarning,
        verbose_name=_("warning"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    region = _fk("core.Region", _("region"))
    sampling_plan = _optional("inspections.SamplingPlan", _("sampling plan"))
    case = _optional("cases.Case", _("interview case"))
    made_warning = _optional("earlywarning.RiskWarning", _("notice or announcement"))
    created_by = _optional(settings.AUTH_USER_MODEL, _("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action from a warning")
        verbose_name_plural = _("actions from warnings")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        if self.card_id is None and self.warning_id is None:
            raise ValidationError(_("An action is taken from a warning or a card."))
