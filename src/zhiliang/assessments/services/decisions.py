"""Office decisions on a draft result: manual checks and vetoes with evidence, publishing.

A district sees the city's published ranking but changes only its own results: these
writes go by `managed_by`, not `visible_to`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.assessments import scoring
from zhiliang.assessments.choices import ItemKind, ResultStatus, ScoringRule
from zhiliang.assessments.models import AssessmentResult, ItemEvidence, ItemScore
from zhiliang.assessments.services.results import result_recompute
from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import require_managed, require_perm


def _require_draft(result: AssessmentResult) -> None:
    if result.is_frozen:
        raise ValidationError(
            _("This result is published and frozen; run the scheme again for a new version.")
        )


def itemscore_decide(
    *, actor, score: ItemScore, passed: bool, note: str = "", files=()
) -> ItemScore:
    """Office staff decide a manual check (passed?) or a veto item (applies?) with evidence."""
    require_perm(actor, "assessments.add_assessmentresult")
    require_managed(actor, score)
    result = AssessmentResult.objects.get(pk=score.entry.result_id)
    _require_draft(result)
    if score.kind == ItemKind.INDICATOR:
        raise ValidationError(_("Indicator items are scored from the indicator values."))
    if passed is None:
        raise ValidationError(_("Say whether the check passed (or the veto applies)."))
    note = (note or "").strip()
    if score.kind == ItemKind.VETO and passed and not note:
        raise ValidationError(_("Describe the incident that applies the veto."))
    with transaction.atomic():
        score.passed, score.note, score.decided_by = bool(passed), note, actor
        if score.kind == ItemKind.MANUAL:
            score.score = scoring.item_score(
                rule=ScoringRule.PASS_FAIL, points=score.points, passed=score.passed
            )
        score._history_user = actor
        score.save()
        for upload in files:
            evidence_add(actor=actor, score=score, upload=upload)
        result_recompute(result=result)
    return score


def evidence_add(*, actor, score: ItemScore, upload) -> ItemEvidence:
    require_perm(actor, "assessments.add_assessmentresult")
    require_managed(actor, score)
    _require_draft(score.entry.result)
    kind, sha = evidence_check(upload)
    evidence = ItemEvidence(
        score=score,
        original_name=(upload.name or f"evidence.{kind}")[:255],
        kind=kind,
        size=upload.size,
        sha256=sha,
        uploaded_by=actor,
    )
    evidence.file.save(f"{sha[:16]}.{kind}", upload, save=False)
    evidence._history_user = actor
    evidence.save()
    return evidence


def result_publish(*, actor, result: AssessmentResult) -> AssessmentResult:
    """Freeze a draft for viewers; an earlier published version of it is superseded."""
    require_perm(actor, "assessments.publish_assessmentresult")
    require_managed(actor, result)
    _require_draft(result)
    # Manual checks undecided, and vetoes an automatic check proposed but no one confirmed.
    open_checks = ItemScore.objects.filter(
        Q(kind=ItemKind.MANUAL, passed__isnull=True)
        | Q(kind=ItemKind.VETO, passed=True, decided_by__isnull=True, item__auto_rule__gt=""),
        entry__result=result,
    ).count()
    if open_checks:
        raise ValidationError(
            _(
                "%(n)d checks are not decided yet (manual checks, or vetoes proposed from the "
                "records); decide them before publishing."
            )
            % {"n": open_checks}
        )
    with transaction.atomic():
        earlier = AssessmentResult.objects.filter(
            scheme=result.scheme_id,
            region=result.region_id,
            subject_kind=result.subject_kind,
            period=result.period,
            status=ResultStatus.PUBLISHED,
        )
        for old in earlier:
            old.status = ResultStatus.SUPERSEDED
            old._history_user = actor
            old.save(update_fields=["status"])
        result.status = ResultStatus.PUBLISHED
        result.published_by, result.published_at = actor, timezone.now()
        result._history_user = actor
        result.save()
    return result
