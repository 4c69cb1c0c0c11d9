"""Assessment results: a run scores every subject on a scheme; totals, grades and ranks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.assessments import scoring
from zhiliang.assessments.auto_items import AUTO_ITEMS, evidence_note
from zhiliang.assessments.choices import ItemKind, SubjectKind
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ItemScore,
    ResultEntry,
    SchemeItem,
)
from zhiliang.core.choices import OrganizationKind
from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.core.models import Organization, Region
from zhiliang.indicators import periods
from zhiliang.indicators.choices import Direction
from zhiliang.indicators.models import IndicatorValue


def subjects_of(*, region: Region, subject_kind: str) -> list:
    if subject_kind == SubjectKind.REGION:
        return list(Region.objects.filter(parent=region).order_by("code"))
    return list(
        Organization.objects.filter(
            region=region, is_active=True, kind=OrganizationKind.DEPARTMENT
        ).order_by("name")
    )


def _snapshot(scheme: AssessmentScheme, items: list[SchemeItem]) -> dict:
    return {
        "code": scheme.code,
        "name": scheme.name,
        "total_points": str(scheme.total_points),
        "grade_bands": scheme.grade_bands,
        "items": [
            {
                "name": i.name,
                "kind": i.kind,
                "indicator": i.indicator.code if i.indicator else "",
                "direction": i.indicator.direction if i.indicator else "",
                "points": str(i.points),
                "rule": i.rule,
                "target": None if i.target is None else str(i.target),
                "floor": None if i.floor is None else str(i.floor),
                "veto_grade": i.veto_grade,
                "auto": i.auto_rule,
            }
            for i in items
        ],
    }


def result_run(
    *, actor, scheme: AssessmentScheme, region: Region, subject_kind: str, period: str = ""
) -> AssessmentResult:
    """Score every region below `region` (or its departments) on the scheme: a new version.

    Indicator items read the period's values in one query and keep them on the scores.
    Manual checks wait for a decision; veto items start as not applied.
    """
    require_perm(actor, "assessments.add_assessmentresult")
    require_visible(actor, scheme)
    require_in_jurisdiction(actor, region)
    if not scheme.region.contains(region):
        raise ValidationError(_("The scheme applies to %(r)s and below.") % {"r": scheme.region})
    if subject_kind not in SubjectKind.values:
        raise ValidationError(_("Choose regions or departments."))
    period = (period or scheme.period).strip()
    try:
        periods.parse(period)
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from None
    subjects = subjects_of(region=region, subject_kind=subject_kind)
    if not subjects:
        raise ValidationError(_("%(r)s has nothing of that kind to assess.") % {"r": region})
    items = list(scheme.items.select_related("indicator"))
    if not items:
        raise ValidationError(_("The scheme has no items."))
    with transaction.atomic():
        # Lock the scheme row so that two runs cannot take the same version number.
        AssessmentScheme.objects.select_for_update().filter(pk=scheme.pk).first()
        version = (
            AssessmentResult.objects.filter(
                scheme=scheme, region=region, subject_kind=subject_kind, period=period
            ).aggregate(v=Max("version"))["v"]
            or 0
        ) + 1
        result = AssessmentResult(
            scheme=scheme,
            region=region,
            subject_kind=subject_kind,
            period=period,
            version=version,
            scheme_snapshot=_snapshot(scheme, items),
            run_by=actor,
        )
        result._history_user = actor
        result.save()
        entries = [
            ResultEntry(
                result=result,
                region=s if subject_kind == SubjectKind.REGION else None,
                organization=s if subject_kind == SubjectKind.ORGANIZATION else None,
                name=s.name,
            )
            for s in subjects
        ]
        entries = bulk_create_with_history(entries, ResultEntry, default_user=actor)
        entry_region = {
            e.pk: (e.region_id if e.region_id else e.organization.region_id) for e in entries
        }
        values = _values(items, set(entry_region.values()), period)
        scores = [
            _score(entry, item, values.get((item.indicator_id, entry_region[entry.pk])), period)
            for entry in entries
            for item in items
        ]
        _propose(scores, items, periods.parse(period).start.year)
        bulk_create_with_history(scores, ItemScore, default_user=actor)
        result_recompute(result=result)
    return result


def _propose(scores: list[ItemScore], items: list[SchemeItem], year: int) -> None:
    """Items with an automatic check (auto_items.AUTO_ITEMS), for regions assessed: where
    the records of the region's area that year are evidence, a veto is proposed as applied
    and a manual check gets the evidence in its note; the office confirms or lifts it."""
    checks = {i.pk: AUTO_ITEMS[i.auto_rule] for i in items if i.auto_rule in AUTO_ITEMS}
    if not checks:
        return
    for score in scores:
        check = checks.get(score.item_id)
        if check is None or score.entry.region is None:
            continue
        evidence = check(score.entry.region, year)
        if not evidence:
            continue
        if score.kind == ItemKind.VETO:
            score.passed = True
        score.note = "\n".join(filter(None, [score.note, evidence_note(evidence)]))


def _values(items, region_ids: set[int], period: str) -> dict:
    indicator_ids = [i.indicator_id for i in items if i.indicator_id]
    rows = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, region_id__in=region_ids, period=period
    ).values("indicator_id", "region_id", "value", "numerator", "denominator")
    return {(r["indicator_id"], r["region_id"]): r for r in rows}


def _score(entry: ResultEntry, item: SchemeItem, row: dict | None, period: str) -> ItemScore:
    score = ItemScore(
        entry=entry,
        item=item,
        order=item.order,
        name=item.name,
        kind=item.kind,
        indicator_code=item.indicator.code if item.indicator else "",
        unit=item.indicator.unit if item.indicator else "",
        points=item.points,
        veto_grade=item.veto_grade,
    )
    if item.kind == ItemKind.VETO:
        # Applies when its indicator (e.g. major incidents) misses the threshold; office
        # staff confirm or lift it with evidence before publishing.
        score.passed = False
        if item.indicator_id and row is not None and row["value"] is not None:
            score.value, score.value_period = row["value"], period
            lower = item.indicator.direction == Direction.LOWER
            if not scoring.reaches(row["value"], item.target, lower_is_better=lower):
                score.passed = True
                score.note = _("%(i)s: %(v)s in %(p)s") % {
                    "i": item.indicator.name,
                    "v": scoring.figure(row["value"], item.indicator.unit),
                    "p": period,
                }
    elif item.kind == ItemKind.INDICATOR:
        if row is None or row["value"] is None:
            score.note = _("no value for %(p)s") % {"p": period}
        else:
            score.value, score.value_period = row["value"], period
            score.numerator, score.denominator = row["numerator"], row["denominator"]
        score.score = scoring.item_score(
            rule=item.rule,
            points=item.points,
            value=score.value,
            target=item.target,
            floor=item.floor,
            lower_is_better=item.indicator.direction == Direction.LOWER,
        )
    return score


def result_recompute(*, result: AssessmentResult) -> None:
    """Totals from the item scores (one grouped query), then grades and ranks."""
    sums = {
        r["entry_id"]: r
        for r in ItemScore.objects.filter(entry__result=result)
        .values("entry_id")
        .annotate(
            total=Sum("score", filter=~Q(kind=ItemKind.VETO)),
            vetoes=Count("id", filter=Q(kind=ItemKind.VETO, passed=True)),
            veto_grade=Max("veto_grade", filter=Q(kind=ItemKind.VETO, passed=True)),
        )
    }
    entries = list(result.entries.all())
    bands = result.scheme_snapshot.get("grade_bands") or result.scheme.grade_bands
    for entry in entries:
        row = sums.get(entry.pk, {})
        entry.total = scoring.quantize(row.get("total") or 0)
        entry.vetoed = bool(row.get("vetoes"))
        entry.grade = scoring.grade_for(
            entry.total, bands, veto_grade=row.get("veto_grade") if entry.vetoed else None
        )
    standing = scoring.ranks([(e.pk, e.total, e.vetoed) for e in entries])
    for entry in entries:
        entry.rank = standing[entry.pk]
    bulk_update_with_history(
        entries, ResultEntry, ["total", "vetoed", "grade", "rank"], batch_size=500
    )
