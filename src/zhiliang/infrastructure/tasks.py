"""Background jobs of the quality-infrastructure registries: thin wrappers over services."""

from datetime import date

from django_tasks import task

from zhiliang.infrastructure import services


@task()
def rematch_notices(today: str | None = None) -> int:
    """Open TBT notifications matched again to the enterprises' products (which change)."""
    return services.notices_rematch(today=date.fromisoformat(today) if today else None)
