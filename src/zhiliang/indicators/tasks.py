"""Background jobs of the indicators app: thin wrappers over the services.

Recomputes are slow: they have their own queue and the lowest priority, so that imports do
not wait behind them."""

from django_tasks import task

from zhiliang.indicators import services
from zhiliang.indicators.models import ComputeRun
from zhiliang.jobs.registry import on_abandoned

QUEUE, PRIORITY = "recompute", -50


@task(queue_name=QUEUE, priority=PRIORITY)
def compute_indicators(run_id: int) -> int:
    """Run a queued recompute (the page's button and the API queue these)."""
    run = services.compute_run_execute(run=ComputeRun.objects.get(pk=run_id))
    return run.values_written


@on_abandoned(compute_indicators)
def _interrupted(run_id: int) -> None:
    services.compute_run_interrupted(run_id=run_id)


@task(queue_name=QUEUE, priority=PRIORITY)
def compute_current_year(today: str | None = None) -> int:
    """Daily: reload the catalogue and recompute the current year's periods."""
    from datetime import date

    periods = services.current_year_periods(date.fromisoformat(today) if today else None)
    return services.indicators_compute(periods=periods, trigger="daily").values_written
