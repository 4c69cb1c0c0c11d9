"""Housekeeping jobs of `zhiliang daily` (expired sessions, finished job records, old export
files) and the job that makes a large export."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from zhiliang.jobs.registry import on_abandoned

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


# Someone waits for an export, but it is not as urgent as an import's check.
EXPORT_QUEUE, EXPORT_PRIORITY = "default", 20


@task(queue_name=EXPORT_QUEUE, priority=EXPORT_PRIORITY)
def make_export(export_id: str) -> int:
    """Make a large export's file (core/export_jobs.py); returns its rows (0 if refused)."""
    from zhiliang.core import export_jobs

    export = export_jobs.export_make(export_id=export_id)
    return (export.rows or 0) if export is not None else 0


@on_abandoned(make_export)
def _export_interrupted(export_id: str) -> None:
    from zhiliang.core import export_jobs

    export_jobs.export_interrupted(export_id=export_id)


@task()
def compact_table_changes(today: str | None = None) -> int:
    """Fold the table-version rows of past transactions into one per table (versions kept)."""
    from zhiliang.core import freshness

    return freshness.compact()


@task()
def prune_exports(today: str | None = None) -> int:
    """Delete exports (and their files) older than ZHILIANG_EXPORT_RETENTION_DAYS."""
    from zhiliang.core import export_jobs

    return export_jobs.exports_prune()
