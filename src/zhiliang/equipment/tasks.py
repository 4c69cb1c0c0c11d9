"""Background jobs of the equipment app: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.equipment import services


@task()
def refresh_due_dates(today: str | None = None) -> int:
    """Reclassify every unit against today (overdue, due within 30 days, ok) and write the due
    dates that arrived; `today` is an ISO date (default: today). Returns units changed."""
    return services.units_refresh_due(today=date.fromisoformat(today) if today else None)
