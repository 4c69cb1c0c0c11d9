"""Background jobs of the plans app: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.plans import services


@task()
def draft_overdue_notices(today: str | None = None) -> int:
    """Draft 督办 notices for overdue tasks; `today` is an ISO date (default: today)."""
    return services.notices_draft_overdue(today=date.fromisoformat(today) if today else None)
