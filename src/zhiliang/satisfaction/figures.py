"""The satisfaction index as a published indicator figure: after the indicator engine has
written the index's values (Σ w·x ÷ Σ w per region and period), this fills each value's
response count and 95 % interval and withholds the figures of too few responses (design
`reporting.suppress_below`): their value, numerator and denominator are not kept.

Per period, one grouped query (sums per lowest region × sector); each value's region then
pools its subtree's cells in NumPy (a region's subtree is a range of ids). No response is
read into Python.
"""

from decimal import Decimal

import numpy as np
from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast

from zhiliang.core.models.regions import subtree_ids
from zhiliang.indicators.choices import Publication, ValueSource
from zhiliang.indicators.models import Indicator, IndicatorValue
from zhiliang.satisfaction import stats
from zhiliang.satisfaction.models import Response

MODEL = "satisfaction.Response"
SUMS = ("n", "sw", "swx", "swx2", "sw2")
PUBLICATION = {
    stats.OK: Publication.PUBLISHED,
    stats.SMALL: Publication.SMALL,
    stats.SUPPRESSED: Publication.WITHHELD,
}


def _sector(indicator: Indicator) -> str | None:
    """The sector an index indicator filters on (None: every sector)."""
    return ((indicator.definition.get("numerator") or {}).get("filter") or {}).get("sector")


def _cells(start, end) -> dict:
    """Arrays of the period's sums per (lowest region, sector): one grouped query."""
    w = Cast("weight", FloatField())
    rows = list(
        Response.objects.filter(surveyed_on__range=(start, end))
        .exclude(index_score=None)
        .order_by()
        .values("region_id", "sector")
        .annotate(
            n=Count("pk"),
            sw=Sum(w),
            swx=Sum("weighted_index"),
            swx2=Sum(F("weighted_index") * F("index_score")),
            sw2=Sum(w * w),
        )
    )
    out = {"region": np.array([r["region_id"] for r in rows], dtype=np.int64)}
    out["sector"] = np.array([r["sector"] for r in rows], dtype=object)
    for k in SUMS:
        out[k] = np.array([r[k] or 0 for r in rows], dtype=float)
    return out


def _figure(x: float | None) -> Decimal | None:
    return None if x is None else Decimal(str(round(x, 4)))


def annotate_values(periods, indicator_ids) -> int:
    """Fill the sample size, interval and publication of the index values of `periods`;
    withhold those from too few responses. Returns how many values it marked."""
    indicators = {
        i.pk: _sector(i)
        for i in Indicator.objects.filter(pk__in=indicator_ids)
        if i.definition.get("model") == MODEL
    }
    if not indicators:
        return 0
    recomputed = IndicatorValue.objects.filter(
        indicator_id__in=indicators,
        period__in=[p.code for p in periods],
        source=ValueSource.COMPUTED,
    )
    # Regions and periods without a response carry no figure, so no marks either.
    recomputed.exclude(denominator__gt=0).exclude(publication="").update(
        sample_size=None, low=None, high=None, publication=""
    )
    values = list(recomputed.filter(denominator__gt=0).select_related("region"))
    by_period: dict = {}
    for v in values:  # the figures of the regions, not the responses
        by_period.setdefault((v.period_start, v.period_end), []).append(v)
    for (start, end), group in by_period.items():
        sums = _cells(start, end)
        picked = []
        for v in group:
            lo, hi = subtree_ids(v.region.code)
            mask = (sums["region"] >= lo) & (sums["region"] <= hi)
            sector = indicators[v.indicator_id]
            if sector is not None:
                mask &= sums["sector"] == sector
            picked.append([sums[k][mask].sum() for k in SUMS])
        cells = stats.cells(*np.array(picked, dtype=float).T) if picked else []
        for v, cell in zip(group, cells, strict=True):
            v.sample_size, v.publication = cell.n, PUBLICATION[cell.quality]
            v.low, v.high = _figure(cell.low), _figure(cell.high)
            if cell.quality == stats.SUPPRESSED:
                v.value, v.numerator, v.denominator = None, Decimal(0), None
    IndicatorValue.objects.bulk_update(
        values,
        ["sample_size", "publication", "low", "high", "value", "numerator", "denominator"],
        batch_size=2000,
    )
    return len(values)
