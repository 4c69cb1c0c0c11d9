"""Reads of the indicators app: values visible to a user and what the explorer shows."""

from dataclasses import dataclass, field

from django.db.models import F
from django.http import Http404

from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.indicators import periods as P
from zhiliang.indicators.choices import Direction, PeriodKind
from zhiliang.indicators.filtersets import ReportedValueFilterSet
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue

KIND_ORDER = [PeriodKind.YEAR, PeriodKind.AYEAR, PeriodKind.QUARTER, PeriodKind.MONTH]


def values_visible_to(user):
    return IndicatorValue.objects.visible_to(user).select_related("indicator", "region")


def indicators_for_catalogue(*, filters=None):
    return Indicator.objects.filter(active=True).order_by("app", "code")


def indicator_choices():
    """The active indicators, for the explorer's picker."""
    return Indicator.objects.filter(active=True).only("code", "name")


def reported_value_list(*, user, filters) -> ReportedValueFilterSet:
    queryset = ReportedValue.objects.visible_to(user).select_related(
        "indicator", "region", "reported_by", "organization"
    )
    return ReportedValueFilterSet(filters, queryset=queryset)


def reported_value_get(*, user, pk) -> ReportedValue:
    return ReportedValue.objects.visible_to(user).get(pk=pk)


def runs_recent(limit: int = 20):
    return ComputeRun.objects.select_related("requested_by")[:limit]


@dataclass
class Explorer:
    indicator: Indicator
    region: Region
    period: str | None
    periods: list[str]
    path: list[Region]
    own: IndicatorValue | None
    children: list[IndicatorValue] = field(default_factory=list)
    trend: list[IndicatorValue] = field(default_factory=list)

    @property
    def period_groups(self) -> list[tuple[str, list[str]]]:
        """The periods with values, by kind (for the period picker), latest first."""
        labels = dict(PeriodKind.choices)
        groups: dict[str, list[str]] = {}
        for code in self.periods:
            groups.setdefault(P.parse(code).kind, []).append(code)
        return [(labels[k], sorted(groups[k], reverse=True)) for k in P.KINDS if k in groups]


def explorer(
    *, user, indicator: Indicator, region_code: str | None, period: str | None
) -> Explorer:
    """An indicator in a region of the user's jurisdiction: its value, its children ranked,
    its trend over periods of the same kind. A region outside the jurisdiction is a 404."""
    root = user.jurisdiction
    if root is None:
        raise Http404
    region = root
    if region_code and region_code != root.code:
        region = Region.objects.filter(code=region_code).first()
        if region is None or not in_jurisdiction(user, region):
            raise Http404
    values = IndicatorValue.objects.visible_to(user).filter(indicator=indicator)
    periods = sorted(
        set(values.filter(region=region).order_by().values_list("period", flat=True)),
        key=lambda c: (P.KINDS.index(P.parse(c).kind) if c else 0, c),
    )
    if period not in periods:
        period = _default_period(periods)
    path = list(
        Region.objects.filter(
            code__in=[
                region.code[:n] for n in (2, 4, 6, 9) if len(root.code) <= n <= len(region.code)
            ]
        ).order_by("level")
    )
    result = Explorer(indicator, region, period, periods, path, None)
    if period is None:
        return result
    kind = P.parse(period).kind
    here = values.filter(period=period).select_related("region")
    result.own = here.filter(region=region).first()
    descending = indicator.direction == Direction.HIGHER
    value = F("value").desc(nulls_last=True) if descending else F("value").asc(nulls_last=True)
    children = here.in_region(region.code).filter(region__parent=region)
    children = children.order_by(value, "region__code")
    result.children = list(children)
    result.trend = list(values.filter(region=region, period_kind=kind).order_by("period_start"))
    return result


def _default_period(periods: list[str]) -> str | None:
    """The latest whole year, else the latest period of any kind."""
    if not periods:
        return None
    by_kind = {}
    for code in periods:
        p = P.parse(code)
        by_kind.setdefault(p.kind, []).append(p)
    for kind in ("year", "ayear", "quarter", "month"):
        if kind in by_kind:
            return max(by_kind[kind]).code
    return periods[-1]


def explorer_for(*, user, code: str, params) -> Explorer:
    """The explorer of the indicator `code` (404 when there is none) as the query asks."""
    try:
        indicator = Indicator.objects.get(code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None
    return explorer(
        user=user,
        indicator=indicator,
        region_code=params.get("region") or None,
        period=params.get("period") or None,
    )


def explorer_chart(data: Explorer) -> dict:
    """The chart's data: the children ranked and the trend, values as plain numbers."""

    def number(value):
        return float(value) if value is not None else None

    return {
        "unit": data.indicator.unit,
        "ranking": [
            {"code": v.region.code, "name": v.region.name, "value": number(v.value)}
            for v in data.children
        ],
        "trend": [{"period": v.period, "value": number(v.value)} for v in data.trend],
    }


def _has_registry_data(value: IndicatorValue | None) -> bool:
    return value is not None and bool(value.numerator)


def reported_fallback(*, user, data: Explorer) -> dict | None:
    """For a computed indicator paired with a reported one (`reported_fallback` in the
    catalogue): the reported figures of the regions shown whose registry holds nothing
    (no value, or nothing counted) — for display beside the computed figures, marked as
    reported; the computed figures stay as they are. One query for the region and its
    children; without a period, the region's latest report."""
    code = (data.indicator.definition or {}).get("reported_fallback")
    if not code:
        return None
    fallback = Indicator.objects.filter(code=code, active=True).first()
    if fallback is None:
        return None
    reports = ReportedValue.objects.visible_to(user).filter(indicator=fallback)
    if data.period is None:
        own = reports.filter(region=data.region).order_by("-period").first()
        return {"indicator": fallback, "own": own, "children": {}}
    empty = [v.region_id for v in data.children if not _has_registry_data(v)]
    if not _has_registry_data(data.own):
        empty.append(data.region.pk)
    found = {
        r.region_id: r
        for r in reports.filter(period=data.period, region_id__in=empty).select_related(
            "organization"
        )
    }
    return {
        "indicator": fallback,
        "own": found.pop(data.region.pk, None),
        "children": found,
    }
