"""Writes of the computed records: signals opened, updated and closed by the job, and the
stored calibration. Called by `tasks` and the `zhiliang risk` command, never by a page."""

from dataclasses import asdict
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.core.models import Region
from zhiliang.core.models.regions import code_id
from zhiliang.risk import rules
from zhiliang.risk.choices import SignalStatus
from zhiliang.risk.models import Calibration, Signal
from zhiliang.risk.signals import engine
from zhiliang.risk.signals.cells import (
    period_bounds,
    period_of,
    rolled_up,
    sample_counts,
    start_columns,
)
from zhiliang.risk.signals.sources import COUNT_SERIES

FIGURES = ("samples", "events", "statistic", "limit", "baseline", "p_value")


def signal_cells(*, today: date, params: dict | None = None):
    """The sampling cells and the cells of each count series of the history up to `today`."""
    params = params or rules.signals()
    unit = params["period"]["unit"]
    periods = int(params["period"]["history"])
    first = period_of(today, unit) - periods + 1
    start = period_bounds(first, unit)[0]
    rows = sample_counts(start=start, end=today, unit=unit)
    cells = rolled_up(rows, first=first, periods=periods, names=("n", "x"))
    counts = []
    for source in COUNT_SERIES:  # each series apart: never summed
        series = source(start=start, end=today, unit=unit)
        rolled = rolled_up(series.rows, first=first, periods=periods, names=("c",))
        history_from = start_columns(rolled, series.starts)
        counts.append(engine.CountCells(series.method, rolled, history_from))
    return cells, counts


def signal_alarms(*, today: date, params: dict | None = None) -> list[engine.Alarm]:
    params = params or rules.signals()
    cells, counts = signal_cells(today=today, params=params)
    keep = int(params["period"]["keep_open"])
    return (
        engine.cusum_alarms(cells, params, keep)
        + engine.funnel_alarms(cells, params, keep)
        + engine.spike_alarms(counts, params)
    )


def signals_refresh(*, today: date, params: dict | None = None) -> dict:
    """Open a signal for each alarming cell that has none, update the open ones that still
    alarm, close those that do not. Returns the counts."""
    params = params or rules.signals()
    unit = params["period"]["unit"]
    alarms = signal_alarms(today=today, params=params)
    ids = {a.region_code: code_id(a.region_code) for a in alarms}
    known = set(Region.objects.filter(id__in=set(ids.values())).values_list("id", flat=True))
    wanted = {}
    for a in alarms:  # the alarms, a few per hundred cells
        region = ids[a.region_code]
        if region in known:
            wanted[(a.product_id, region, str(a.method))] = a
    open_ = {
        (s.product_id, s.region_id, s.method): s
        for s in Signal.objects.filter(status=SignalStatus.OPEN)
    }
    new, changed, closed = [], [], []
    for key, a in wanted.items():
        figures = asdict(a)
        values = {f: figures[f] for f in FIGURES}
        values["window_start"] = period_bounds(a.first, unit)[0]
        values["window_end"] = period_bounds(a.last, unit)[1]
        signal = open_.get(key)
        if signal is None:
            new.append(
                Signal(
                    product_id=key[0], region_id=key[1], method=key[2], opened_on=today, **values
                )
            )
        elif any(getattr(signal, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(signal, f, v)
            changed.append(signal)
    for key, signal in open_.items():
        if key not in wanted:
            signal.status, signal.closed_on = SignalStatus.CLOSED, today
            closed.append(signal)
    fields = [*FIGURES, "window_start", "window_end", "status", "closed_on"]
    with transaction.atomic():
        if changed or closed:
            bulk_update_with_history(
                changed + closed, Signal, fields, batch_size=2000, default_change_reason="signals"
            )
        if new:
            bulk_create_with_history(new, Signal, batch_size=2000, default_change_reason="signals")
    return {"opened": len(new), "updated": len(changed), "closed": len(closed)}


def calibration_refresh(*, today: date, params: dict | None = None) -> Calibration:
    """Simulate the configured signals (on the database's cells) and store the figures."""
    from zhiliang.risk.signals.calibrate import calibrate

    params = params or rules.signals()
    cells, _counts = signal_cells(today=today, params=params)
    return calibration_store(calibrate(params, cells))


def calibration_store(figures: dict) -> Calibration:
    return Calibration.objects.create(
        false_alarm_rate=figures["false_alarm_rate"],
        arl0=figures["arl0"] or 0,
        detection_delay_doubling=figures["detection_delay_doubling"],
        cells=figures["cells"],
        figures=figures,
    )
