"""Reads of the assessments app, always starting from `visible_to(user)`."""

from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from zhiliang.assessments import scoring
from zhiliang.assessments.choices import ItemKind, ResultStatus, TargetState
from zhiliang.assessments.matching import suggest_code
from zhiliang.assessments.models import (
    PUBLIC_STATUSES,
    AssessmentResult,
    AssessmentScheme,
    ItemEvidence,
    ItemScore,
    ResultEntry,
    SchemeItem,
)
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.core.models.regions import subtree_ids
from zhiliang.core.summaries import head_and_total
from zhiliang.indicators import periods
from zhiliang.indicators.models import Indicator, IndicatorValue
from zhiliang.plans.models import Plan, Target

# Which periods make a target's series, finest first; assessment years overlap the rest.
SERIES_KINDS = ("quarter", "month", "year")


def schemes_visible(*, user):
    return AssessmentScheme.objects.visible_to(user).select_related("region")


def scheme_get(*, user, pk) -> AssessmentScheme:
    return schemes_visible(user=user).get(pk=pk)


def scheme_list(*, user):
    return schemes_visible(user=user).annotate(n_items=Count("items", distinct=True))


def results_visible(*, user):
    """Results inside the jurisdiction; drafts only for those who run assessments."""
    qs = AssessmentResult.objects.visible_to(user)
    if not user.has_perm("assessments.add_assessmentresult"):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs


def results_recent(*, user, limit: int = 20):
    return (
        results_visible(user=user)
        .select_related("scheme", "region")
        .order_by("-run_at", "-id")[:limit]
    )


def result_managed_get(*, user, pk) -> AssessmentResult:
    """A result the user may change: visible and run within their jurisdiction."""
    managed = AssessmentResult.objects.managed_by(user).values("id")
    return results_visible(user=user).filter(id__in=managed).get(pk=pk)


def score_managed_get(*, user, pk) -> ItemScore:
    # Only results run within the jurisdiction are changed (a district also sees the
    # city's published ranking, read-only).
    return (
        ItemScore.objects.managed_by(user)
        .select_related("entry")
        .get(pk=pk, entry__result__in=results_visible(user=user))
    )


def evidence_get(*, user, score_pk, pk) -> ItemEvidence:
    return ItemEvidence.objects.select_related("score").get(
        pk=pk,
        score_id=score_pk,
        score__in=ItemScore.objects.visible_to(user),
        score__entry__result__in=results_visible(user=user),
    )


def target_get(*, user, pk) -> Target:
    return Target.objects.visible_to(user).get(pk=pk)


def home_standing(*, user) -> tuple[int, list]:
    """The latest published result the user sees: its entries inside the jurisdiction by
    rank (each with the result and how many were assessed), in one query."""
    if user.jurisdiction is None:
        return 0, []
    latest = (
        results_visible(user=user)
        .filter(status=ResultStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values("id")[:1]
    )
    assessed = (
        ResultEntry.objects.filter(result_id=OuterRef("result_id"))
        .order_by()
        .values("result_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    ids = subtree_ids(user.jurisdiction.code)
    entries = (
        ResultEntry.objects.filter(result_id=Subquery(latest))
        .filter(Q(region__id__range=ids) | Q(organization__region__id__range=ids))
        .annotate(assessed=Subquery(assessed))
        .select_related("result", "result__scheme")
        .order_by("rank", "name", "id")
    )
    return head_and_total(entries)


def scheme_detail(*, user, pk) -> dict:
    scheme = schemes_visible(user=user).get(pk=pk)
    items = list(SchemeItem.objects.filter(scheme=scheme).select_related("indicator"))
    results = (
        results_visible(user=user)
        .filter(scheme=scheme)
        .select_related("region", "run_by")
        .order_by("-run_at", "-id")
    )
    return {"scheme": scheme, "items": items, "results": results}


def result_detail(*, user, pk) -> dict:
    """A result, its entries by rank and each entry's item scores, in a fixed few queries."""
    result = results_visible(user=user).select_related("scheme", "region", "run_by").get(pk=pk)
    scores = ItemScore.objects.order_by("order", "id").prefetch_related("evidence")
    entries = list(
        ResultEntry.objects.filter(result=result)
        .select_related("region", "organization")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("rank", "name")
    )
    columns = []
    if entries:
        columns = [
            {"name": s.name, "kind": s.kind, "points": s.points, "unit": s.unit}
            for s in entries[0].scores.all()
        ]
    for entry in entries:
        entry.score_list = list(entry.scores.all())
        entry.open_checks = sum(
            1 for s in entry.score_list if s.kind == ItemKind.MANUAL and s.passed is None
        )
    versions = (
        results_visible(user=user)
        .filter(
            scheme=result.scheme_id,
            region=result.region_id,
            subject_kind=result.subject_kind,
            period=result.period,
        )
        .order_by("-version")
        .only("pk", "version", "status")
    )
    return {
        "result": result,
        # A region assessed under its parent's scheme sees the result, not the scheme.
        "scheme_visible": schemes_visible(user=user).filter(pk=result.scheme_id).exists(),
        "versions": list(versions),
        "entries": entries,
        "columns": columns,
        "chart": {
            "names": [e.name for e in entries],
            "totals": [float(e.total) for e in entries],
            "grades": [e.grade for e in entries],
            # The axis ends at the scheme's full marks, not at a fixed 100.
            "max": float(result.scheme_snapshot.get("total_points", 100)),
        },
        "open_checks": sum(e.open_checks for e in entries),
    }


# -- target board ----------------------------------------------------------------------------


def deadline_of(target: Target, plan: Plan) -> date | None:
    """The last day of the target's deadline (a year or year-month), else the plan's end."""
    if target.deadline:
        try:
            return periods.parse(target.deadline).end
        except periods.PeriodError:
            pass
    return plan.period_end


def _series(indicator_ids, region: Region, on: date) -> dict[int, list[scoring.Point]]:
    rows = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, region=region, period_end__lte=on, value__isnull=False
    ).values_list("indicator_id", "period", "period_end", "value")
    by_kind: dict[int, dict[str, list[scoring.Point]]] = {}
    for indicator_id, period, end, value in rows:
        try:
            kind = periods.parse(period).kind
        except periods.PeriodError:
            continue
        by_kind.setdefault(indicator_id, {}).setdefault(kind, []).append(
            scoring.Point(period, end, value)
        )
    series = {}
    for indicator_id, kinds in by_kind.items():
        for kind in SERIES_KINDS:
            if kinds.get(kind):
                series[indicator_id] = sorted(kinds[kind], key=lambda p: p.end)
                break
    return series


def board_region(*, user, code: str) -> Region | None:
    """The region a board is asked for, if it lies in the user's jurisdiction."""
    region = Region.objects.filter(code=code).first()
    return region if in_jurisdiction(user, region) else None


def target_board(*, user, plan_pk, region: Region | None = None, on: date | None = None) -> dict:
    """Each target of a plan with its indicator, latest value, status and the reason."""
    plan = Plan.objects.visible_to(user).select_related("region").get(pk=plan_pk)
    if region is not None and not plan.region.contains(region):
        raise Plan.DoesNotExist  # the board shows the plan's region and what lies below it
    region = region or plan.region
    on = on or timezone.localdate()
    targets = list(Target.objects.filter(plan=plan).select_related("indicator_link__indicator"))
    indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
    catalogue = {code: i.name for code, i in indicators.items()}
    linked = {t.indicator_link.indicator_id for t in targets if _link(t)}
    series = _series(linked, region, on)
    counts = dict.fromkeys(TargetState.values, 0)
    for t in targets:
        link = _link(t)
        t.link = link
        t.suggestion = None
        if link is None:
            code = suggest_code(t.indicator_text, catalogue=catalogue)
            t.suggestion = indicators.get(code) if code else None
            t.status = None
            continue
        t.status = scoring.target_status(
            series=series.get(link.indicator_id, []),
            comparator=t.comparator,
            target=t.value,
            unit=t.unit or link.indicator.unit,
            deadline=deadline_of(t, plan),
            on=on,
        )
        counts[t.status.state] += 1
    return {
        "plan": plan,
        "region": region,
        "regions": [plan.region, *Region.objects.filter(parent=plan.region).order_by("code")],
        "on": on,
        "targets": targets,
        "counts": counts,
        "indicators": sorted(indicators.values(), key=lambda i: i.code),
    }


def _link(target: Target):
    try:
        return target.indicator_link
    except Target.indicator_link.RelatedObjectDoesNotExist:
        return None
