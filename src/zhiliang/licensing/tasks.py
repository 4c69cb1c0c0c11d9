"""Background jobs of the licensing app: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.licensing import services


@task()
def refresh_due(today: str | None = None) -> int:
    """Set 过期 on certificates past expiry; count them plus instruments that fell overdue.

    `today` is an ISO date (default: today). Instruments are not changed: overdue and
    due-soon are computed in the queries from `next_due_on`.
    """
    return services.due_refresh(today=date.fromisoformat(today) if today else None)
