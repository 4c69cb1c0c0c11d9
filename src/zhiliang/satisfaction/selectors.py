"""Reads of the satisfaction surveys, always through `visible_to(user)`.

The index of a cell is one grouped query (sums per sector × region) and NumPy on the sums
(`stats.cells`): no response is read into Python.
"""

from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from zhiliang.core.filtersets import filled
from zhiliang.satisfaction import rules, stats
from zhiliang.satisfaction.filtersets import ResponseFilterSet, SurveyFilterSet
from zhiliang.satisfaction.models import Response, Survey

VARIABLES = ("expectation", "quality", "value", "complaints", "loyalty")


def survey_list(*, user, filters=None):
    qs = Survey.objects.visible_to(user).select_related("region")
    return SurveyFilterSet(filled(filters), queryset=qs, user=user)


def survey_get(*, user, pk) -> Survey:
    return Survey.objects.visible_to(user).select_related("region").get(pk=pk)


def response_list(*, user, filters=None):
    qs = Response.objects.visible_to(user).select_related("survey", "region")
    return ResponseFilterSet(filled(filters), queryset=qs, user=user)


def response_get(*, user, pk) -> Response:
    return Response.objects.visible_to(user).select_related("survey", "region").get(pk=pk)


def _sums():
    w = Cast("weight", FloatField())
    sums = {
        "n": Count("pk"),
        "sw": Sum(w),
        "swx": Sum("weighted_index"),
        "swx2": Sum(F("weighted_index") * F("index_score")),
        "sw2": Sum(w * w),
    }
    sums.update({v: Avg(f"score_{v}") for v in VARIABLES})
    return sums


def _with_cells(rows: list[dict]) -> list[dict]:
    computed = stats.cells(*([r[k] or 0 for r in rows] for k in ("n", "sw", "swx", "swx2", "sw2")))
    for row, cell in zip(rows, computed, strict=True):
        row["cell"] = cell
        row["sector_label"] = rules.sector_label(row["sector"])
        if cell.quality == stats.SUPPRESSED:  # nothing of a suppressed cell is shown
            for v in VARIABLES:
                row[v] = None
    return rows


def index_table(*, user, survey: Survey) -> dict:
    """The index per sector for the whole survey region and per region within it (each a
    grouped query), with interval, count, publication mark and target state."""
    qs = (
        Response.objects.visible_to(user).filter(survey=survey).exclude(index_score=None).order_by()
    )
    overall = list(qs.values("sector").annotate(**_sums()).order_by("sector"))
    by_region = list(
        qs.values("sector", "region__code", "region__name")
        .annotate(**_sums())
        .order_by("sector", "region__code")
    )
    flagged = qs.aggregate(n=Count("pk", filter=Q(straight_lined=True)), all=Count("pk"))
    return {
        "overall": _with_cells(overall),
        "regions": _with_cells(by_region),
        "flagged": flagged["n"],
        "total": flagged["all"],
    }


def index_trend(*, user, region=None) -> list[dict]:
    """The index per year and sector over every survey the user sees (one grouped query)."""
    qs = Response.objects.visible_to(user).exclude(index_score=None).order_by()
    if region is not None:
        qs = qs.in_region(region.code)
    rows = list(
        qs.values("survey__year", "sector").annotate(**_sums()).order_by("sector", "survey__year")
    )
    return _with_cells(rows)
