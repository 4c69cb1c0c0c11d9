"""The indicator engine: every computed indicator, every region, every period, in the database.

For each source — the (model, region path, date field, period mode, end field) that
indicator parts share — ONE grouped query with conditional aggregates computes every part of
that source at once, grouped by the lowest region and by month (the month a row falls in;
for a stock also the month it leaves). Regions roll up in one join through a region →
ancestor table (township → county → city → province, each region also its own ancestor),
still by month: numerators and denominators are summed, so every rate is exact. Periods are
whole months, so a flow's months add up to each period by an equality join, and a stock is a
running sum of entries and exits per region over the months, read at each period's last
month. An indicator whose parts all come from one source gets its figure there; the few
whose numerator and denominator come from different sources are added up when writing. The
new figures of the recomputed periods replace the old ones by set operations (insert new,
update changed, delete gone, leave equal ones alone); on PostgreSQL only the (indicator,
period) blocks whose count or sum of figure hashes changed are joined figure by figure.

`count_distinct` parts are not additive over months, so their source is grouped by region
and period directly (rows joined to the periods they fall in) — unless each counted value
fixes the region and months of its rows (a product made, counted by its own key; its maker,
through whom region and date are read): then a value is in one (region, month) group only,
and COUNT(DISTINCT …) per month adds up like a count. Distinctness holds within the lowest
region; parents sum their children, exact when each counted value belongs to one region
(an enterprise, a unit).

Working tables are temporary tables of the connection; nothing is read into Python but
the catalogue.
"""

import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from zhiliang.indicators import periods as P
from zhiliang.indicators.choices import IndicatorKind
from zhiliang.indicators.engine.grouping import _grouped_sql, _spread_sql
from zhiliang.indicators.engine.sources import (
    Slot,
    Source,
    SourceKey,
    default_periods,
    source_range,
    sources_of,
)
from zhiliang.indicators.engine.sql import (
    _create_temp,
    _drop_temp,
    _execute,
    _exists,
    _session,
)
from zhiliang.indicators.engine.write import _write
from zhiliang.indicators.models import Indicator

__all__ = [
    "Slot",
    "Source",
    "SourceKey",
    "compute",
    "default_periods",
    "source_range",
    "sources_of",
]

Progress = Callable[[int, int, str], None]

# Apps whose figures are estimated from a sample add here a function
# `(periods, indicator_ids) -> None` that, inside the write's transaction, fills the
# sample size, interval and publication of their values (and withholds too small ones).
AFTER_WRITE: list[Callable] = []


def compute(
    *,
    periods: list[P.Period] | None = None,
    codes: list[str] | None = None,
    progress: Progress | None = None,
) -> dict:
    """Recompute the computed indicators (all, or `codes`) for `periods` (default: see
    `default_periods`). Returns counts and timings."""
    started = time.monotonic()
    indicators = list(
        Indicator.objects.filter(active=True, kind=IndicatorKind.COMPUTED).order_by("code")
    )
    if codes is not None:
        indicators = [i for i in indicators if i.code in set(codes)]
    sources = sources_of(indicators)
    if periods is None:
        periods = default_periods(sources)
    periods = sorted(set(periods))
    total = len(sources) + 1
    report = progress or (lambda done, total, step: None)
    result = {"indicators": len(indicators), "sources": len(sources), "periods": len(periods)}
    if not indicators or not periods:
        result.update(values=0, seconds=0.0)
        return result
    _session(tuning=True)
    _create_temp(periods, sources, indicators)
    try:
        for n, source in enumerate(sources):
            report(n, total, f"{source.key[0]} ({len(source.slots)} parts)")
            _execute("DROP TABLE IF EXISTS ind_g")
            _execute("DROP TABLE IF EXISTS ind_r")
            for sql, params in _grouped_sql(source, periods):
                _execute(sql, params)
            if not _exists("ind_r"):  # no rows: no region has a figure from this source
                continue
            for sql in _spread_sql(source, n):
                _execute(sql)
        report(len(sources), total, "write")
        with transaction.atomic():
            written = _write(timezone.now())
            for after in AFTER_WRITE:
                after(periods, [i.pk for i in indicators])
    finally:
        _drop_temp()
        _session(tuning=False)
    result.update(values=written, seconds=round(time.monotonic() - started, 2))
    report(total, total, "done")
    return result
