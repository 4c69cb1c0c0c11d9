"""Background jobs of supervision sampling: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.inspections import services


@task()
def flag_overdue_followups(today: str | None = None) -> int:
    """Flag follow-ups whose current deadline has passed; `today` is an ISO date."""
    return services.followups_flag_overdue(today=date.fromisoformat(today) if today else None)
