"""Housekeeping jobs of `zhiliang daily`: expired sessions and finished job records."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

# Finished import jobs (successful or failed) are kept this long for the job list and logs.
JOB_RESULT_RETENTION = timedelta(days=30)


@task()
def clear_expired_sessions(today: str | None = None) -> int:
    """Delete expired sessions (what `clearsessions` does); returns how many."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@task()
def prune_finished_jobs(today: str | None = None) -> int:
    """Delete job records finished more than JOB_RESULT_RETENTION ago; returns how many."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - JOB_RESULT_RETENTION
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
