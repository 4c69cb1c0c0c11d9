"""Background jobs of credit: thin wrappers over the services."""

from datetime import date, timedelta

from django_tasks import task

from zhiliang.credit.scoring import classify
from zhiliang.credit.services import credit_records_refresh


@task()
def refresh_and_classify(today: str | None = None) -> int:
    """Derive the credit records and classify every enterprise; returns how many classes
    changed (`today` an ISO date: records up to that day count)."""
    day = date.fromisoformat(today) if today else None
    credit_records_refresh(as_of=day)
    counts = classify(as_of=day + timedelta(days=1) if day else None)
    return counts.pop("changed", 0)
