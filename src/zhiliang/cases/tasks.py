"""Background jobs of the case engine: thin wrappers over the services."""

from datetime import date, datetime, time

from django.utils import timezone
from django_tasks import task

from zhiliang.cases import clocks


@task()
def raise_escalations(today: str | None = None) -> int:
    """Escalation notices for deadlines passed unmet; `today` (ISO date) counts until its
    start (the job runs in the night), default now. A second run adds nothing."""
    now = (
        timezone.make_aware(datetime.combine(date.fromisoformat(today), time.min))
        if today
        else None
    )
    return clocks.escalations_raise(now=now)
