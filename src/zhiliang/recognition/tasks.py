"""Background jobs of recognition: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.recognition.holders import holders_recheck


@task()
def recheck_holders(today: str | None = None) -> int:
    """Expired titles closed; holders no longer eligible flagged for revocation (the office
    decides). Returns how many are flagged."""
    day = date.fromisoformat(today) if today else None
    return holders_recheck(as_of=day)["flagged"]
