"""Results of a scheme's run: the result, its entries, their item scores and evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.assessments.choices import ItemKind, ResultStatus, SubjectKind
from zhiliang.assessments.models.common import FIGURE, POINTS
from zhiliang.assessments.models.schemes import AssessmentScheme, SchemeItem
from zhiliang.core.querysets import JurisdictionQuerySet


class ResultQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        """Results run within the jurisdiction, and the published results of a higher level
        in which a region or organisation of the jurisdiction is assessed: a district office
        sees the city's ranking it is part of, a department the one it is scored in."""
        inside = super().visible_to(user)
        if inside.query.is_empty():
            return inside
        from zhiliang.core.models.regions import subtree_ids

        ids = subtree_ids(user.jurisdiction.code)
        assessed = ResultEntry.objects.filter(
            models.Q(region__id__range=ids) | models.Q(organization__region__id__range=ids)
        ).values("result_id")
        return self.filter(
            models.Q(region__id__range=ids) | models.Q(status__in=PUBLIC_STATUSES, id__in=assessed)
        )


# Statuses whose results are shown beyond the office that runs them.
PUBLIC_STATUSES = (ResultStatus.PUBLISHED, ResultStatus.SUPERSEDED)


class AssessmentResult(models.Model):
    """One run of a scheme over the regions or departments of a region: a numbered version.

    A published result is frozen: entries keep the values and scores as they were.
    """

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("assessed within"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_kind = models.CharField(_("assessed"), max_length=12, choices=SubjectKind.choices)
    period = models.CharField(_("period"), max_length=9)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    # The scheme as it stood when run: name, bands, items (a scheme may change later).
    scheme_snapshot = models.JSONField(_("scheme as run"), default=dict)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), on_delete=models.PROTECT
    )
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["-run_at", "-id"]
        permissions = [("publish_assessmentresult", _("Can publish an assessment result"))]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "region", "subject_kind", "period", "version"],
                name="result_unique_version",
            )
        ]

    def __str__(self):
        return f"{self.scheme.name} · {self.region} · {self.period} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != ResultStatus.DRAFT


class EntryQuerySet(JurisdictionQuerySet):
    region_field = "result__region"

    def visible_to(self, user):
        # Whoever sees a result sees its ranking.
        return self.filter(result__in=AssessmentResult.objects.visible_to(user).values("id"))


class ResultEntry(models.Model):
    """One assessed region or department in a result: total, grade, rank, veto."""

    result = models.ForeignKey(
        AssessmentResult,
        verbose_name=_("result"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=128)
    total = models.DecimalField(_("total points"), default=0, **POINTS)
    grade = models.CharField(_("grade"), max_length=4, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    history = HistoricalRecords()

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("result entry")
        verbose_name_plural = _("result entries")
        ordering = ["result", "rank", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, organization__isnull=True)
                | models.Q(region__isnull=True, organization__isnull=False),
                name="entry_region_or_organization",
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.total} {self.grade}"


class ItemScoreQuerySet(JurisdictionQuerySet):
    region_field = "entry__result__region"

    def visible_to(self, user):
        return self.filter(entry__result__in=AssessmentResult.objects.visible_to(user).values("id"))


class ItemScore(models.Model):
    """One item's score for one entry, with the value behind it as it was when scored.

    Manual checks and veto items are decided by office staff with a note and evidence.
    """

    entry = models.ForeignKey(
        ResultEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        SchemeItem,
        verbose_name=_("scheme item"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("item"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    indicator_code = models.CharField(_("indicator code"), max_length=64, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    points = models.DecimalField(_("points available"), default=0, **POINTS)
    value = models.DecimalField(_("value"), null=True, blank=True, **FIGURE)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **FIGURE)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **FIGURE)
    value_period = models.CharField(_("period of the value"), max_length=9, blank=True)
    passed = models.BooleanField(
        _("passed / veto applies"),
        null=True,
        blank=True,
        help_text=_("manual checks: passed; veto items: the veto applies"),
    )
    score = models.DecimalField(_("score"), default=0, **POINTS)
    veto_grade = models.CharField(_("grade when vetoed"), max_length=4, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ItemScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["entry", "order", "id"]

    def __str__(self):
        return f"{self.name}: {self.score}"


class ItemEvidence(models.Model):
    """A file behind a manual check or a veto decision (pdf, jpg, png, docx, xlsx)."""

    score = models.ForeignKey(
        ItemScore, verbose_name=_("item score"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="assessments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name
