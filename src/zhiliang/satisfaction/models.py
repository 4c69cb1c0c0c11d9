from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.satisfaction import rules


class SurveyQuerySet(ReachesUpQuerySet):
    """A city's survey is read by its districts (each sees its own responses)."""


class Survey(models.Model):
    """One year's satisfaction measurement (顾客满意度测评) of a region, carried out by a
    survey firm on the design of data/design.yaml."""

    code = models.CharField(_("survey code"), max_length=32, unique=True)
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    conducted_by = models.CharField(_("survey firm"), max_length=200, blank=True)
    fieldwork_from = models.DateField(_("fieldwork from"))
    fieldwork_to = models.DateField(_("fieldwork to"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-year", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        errors = {}
        if self.year and not 2000 <= self.year <= 2100:
            errors["year"] = _("Give the survey's year (e.g. 2025).")
        if self.fieldwork_from and self.fieldwork_to and self.fieldwork_to < self.fieldwork_from:
            errors["fieldwork_to"] = _("The fieldwork ends before it starts.")
        if self.year and self.fieldwork_from and self.fieldwork_from.year != self.year:
            errors["fieldwork_from"] = _("The fieldwork starts outside the survey's year.")
        if errors:
            raise ValidationError(errors)


class ResponseQuerySet(JurisdictionQuerySet):
    pass


class Response(models.Model):
    """One respondent's answers, with the scores computed from them on import (the index
    and each latent variable on 0–100) so that cells are sums in the database."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("satisfaction survey"), on_delete=models.CASCADE,
        related_name="responses",
    )  # fmt: skip
    respondent = models.CharField(_("respondent number"), max_length=64)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=32)
    surveyed_on = models.DateField(_("surveyed on"))
    weight = models.FloatField(_("weight"), default=1.0)
    answers = models.JSONField(_("answers"), default=dict)
    index_score = models.FloatField(_("satisfaction index"), null=True, blank=True, editable=False)
    # weight × index: the computed indicator's numerator is a plain sum.
    weighted_index = models.FloatField(editable=False, null=True)
    score_expectation = models.FloatField(null=True, editable=False)
    score_quality = models.FloatField(null=True, editable=False)
    score_value = models.FloatField(null=True, editable=False)
    score_complaints = models.FloatField(null=True, editable=False)
    score_loyalty = models.FloatField(null=True, editable=False)
    straight_lined = models.BooleanField(_("straight-lining"), default=False)
    history = HistoricalRecords()

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "respondent"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="satisfaction_response_once"
            )
        ]
        indexes = [models.Index(fields=["region", "surveyed_on"], name="satisf_resp_region")]

    def __str__(self):
        return f"{self.survey.code} {self.respondent}"

    @property
    def sector_label(self) -> str:
        return rules.sector_label(self.sector)

    def derive(self) -> None:
        s = rules.scores(self.answers or {})
        self.index_score = s["index"]
        self.weighted_index = None if s["index"] is None else s["index"] * self.weight
        for v in ("expectation", "quality", "value", "complaints", "loyalty"):
            setattr(self, f"score_{v}", s[v])
        self.straight_lined = rules.straight_lined(self.answers or {})

    def clean(self):
        errors = {}
        if self.sector and self.sector not in dict(rules.sector_choices()):
            errors["sector"] = _("%(v)s is not a sector of the survey design.") % {"v": self.sector}
        if self.weight is not None and not 0 < self.weight <= 1000:
            errors["weight"] = _("A weight lies above 0 and at most 1,000.")
        low, high = rules.scale()
        codes = set(rules.question_codes())
        bad = []
        for code, answer in (self.answers or {}).items():
            if code not in codes:
                bad.append(_("%(q)s is not a question of the design") % {"q": code})
            elif answer is not None and (
                not isinstance(answer, int) or isinstance(answer, bool) or not low <= answer <= high
            ):
                bad.append(
                    _("%(q)s: %(a)s lies outside the scale %(lo)s–%(hi)s")
                    % {"q": code, "a": answer, "lo": low, "hi": high}
                )
        if bad:
            errors["answers"] = "; ".join(str(b) for b in bad)
        elif not any(self.answers.get(q) is not None for q in rules.design()["index"]["weights"]):
            errors["answers"] = _("None of the index questions is answered.")
        survey = self.survey if self.survey_id else None
        if survey is not None and self.surveyed_on and self.surveyed_on.year != survey.year:
            errors["surveyed_on"] = _("The date lies outside the survey's year %(y)s.") % {
                "y": survey.year
            }
        if errors:
            raise ValidationError(errors)
