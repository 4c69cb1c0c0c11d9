"""Background jobs of the penalties app: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.penalties import serious_services


@task()
def expire_listings(today: str | None = None) -> int:
    """期满移出: serious-violation listings at the end of their period leave the list.

    `today` is an ISO date (default: today); returns how many were removed."""
    return serious_services.serious_expire_due(today=date.fromisoformat(today) if today else None)
