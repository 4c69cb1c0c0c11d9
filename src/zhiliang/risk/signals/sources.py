"""The count series of the spike test, one per source and each with a method of its own:
complaints (12315), injury reports (sentinel hospitals) and risk-monitoring failures. A
series is a function `(*, start, end, unit)` returning a `CountSeries`: (product id,
county, period, count) rows from one grouped query, and where the source began reporting.

Series are never summed: a source that began inside the history window would read as a
spike in every cell it reaches. A source with a known start (the sentinel hospitals) gives
each county the first period it fully reported; that cell's history starts there, so the
periods before are no data rather than zeros. Complaints have no start: the hotline has
always been there, and a period without complaints is a count of zero.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Count

from zhiliang.risk.choices import SignalMethod
from zhiliang.risk.signals.cells import grouped, period_bounds, period_of


@dataclass
class CountSeries:
    method: str
    rows: np.ndarray  # (product id, county, period, count)
    starts: dict[int, int] | None = None  # county → first period of its history


def complaint_series(*, start: date, end: date, unit: str) -> CountSeries:
    from zhiliang.complaints.models import Complaint

    qs = Complaint.objects.filter(received_on__range=(start, end), product__isnull=False)
    return CountSeries(SignalMethod.SPIKE, grouped(qs, "received_on", unit, c=Count("id")))


def first_full_period(day: date, unit: str) -> int:
    """The first period a source starting on `day` covers whole."""
    index = period_of(day, unit)
    return index if period_bounds(index, unit)[0] == day else index + 1


def injury_series(*, start: date, end: date, unit: str) -> CountSeries:
    """Injury cases per product × the hospital's county × period (`injuries.selectors.
    injury_counts`), each county from the first period its hospitals reported whole."""
    from zhiliang.enterprises.models import Product
    from zhiliang.injuries.selectors import injury_counts, injury_reporting_starts

    rows = injury_counts(period_start=start, period_end=end, period=unit)
    products = dict(
        Product.objects.filter(code__in={r["product"] for r in rows}).values_list("code", "pk")
    )
    arr = np.array(
        [
            (products[r["product"]], int(r["region"]), period_of(r["period"], unit), r["cases"])
            for r in rows  # aggregated cells: product × county × period
            if r["product"] in products
        ],
        dtype=np.int64,
    ).reshape(-1, 4)
    starts = {
        int(county): first_full_period(day, unit)
        for county, day in injury_reporting_starts().items()
    }
    return CountSeries(SignalMethod.INJURY, arr, starts)


def monitoring_series(*, start: date, end: date, unit: str) -> CountSeries:
    """Risk-monitoring purchases beyond a limit per product × county of purchase × period,
    each county from the first period its market was bought in whole (a plan that began
    inside the history has no zeros before it). Monitoring feeds the signals, not credit."""
    from django.db.models import Min

    from zhiliang.monitoring.choices import Verdict
    from zhiliang.monitoring.models import Purchase

    qs = Purchase.objects.filter(bought_on__range=(start, end), verdict=Verdict.FAIL)
    rows = grouped(qs, "bought_on", unit, c=Count("id"))
    firsts = (
        Purchase.objects.order_by()
        .values_list("region__code")
        .annotate(first=Min("bought_on"))
        .values_list("region__code", "first")
    )
    starts: dict[int, int] = {}
    for code, first in firsts:  # one row per region bought in
        county, index = int(code[:6]), first_full_period(first, unit)
        starts[county] = min(index, starts.get(county, index))
    return CountSeries(SignalMethod.MONITORING, rows, starts)


COUNT_SERIES = [complaint_series, injury_series, monitoring_series]
