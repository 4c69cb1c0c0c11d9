"""Writes of the worker machinery: heartbeats, recovery of abandoned jobs, beacons."""

import logging
import os
import traceback
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult, get_date_max

from zhiliang.jobs import registry, selectors
from zhiliang.jobs.models import Beacon, WorkerHeartbeat

logger = logging.getLogger(__name__)
LOST = "zhiliang.jobs.WorkerLost"


def worker_beat(*, worker_id: str, queues: str = "", started_at: datetime | None = None) -> None:
    """Record that this worker process is alive (creating its row if need be)."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(pk=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": selectors.HOSTNAME,
                "pid": os.getpid(),
                "queues": queues[:200],
                "started_at": started_at or now,
                "beat_at": now,
            },
        )


def worker_forget(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(pk=worker_id).delete()


def job_fail(*, job_id, reason: str) -> DBTaskResult | None:
    """Mark a running or waiting job failed and put its object back into a state its user can
    act on (the task's on_abandoned handler). None if the job is not running or waiting."""
    with transaction.atomic():
        job = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=job_id, status__in=["RUNNING", "READY"])
            .first()
        )
        if job is None:
            return None
        job.status, job.finished_at = "FAILED", timezone.now()
        job.exception_class_path, job.traceback, job.return_value = LOST, reason, None
        job.save(
            update_fields=[
                "status",
                "finished_at",
                "exception_class_path",
                "traceback",
                "return_value",
            ]
        )
        _run_handler(job)
    logger.warning("job %s (%s) failed: %s", job.pk, job.task_path, reason)
    return job


def _run_handler(job: DBTaskResult) -> None:
    try:
        import_string(job.task_path)  # imports the task's module, which registers its handler
    except Exception:  # a task that no longer exists has nothing to put back
        logger.warning("job %s: task %s cannot be loaded", job.pk, job.task_path)
        return
    handler = registry.handler_for(job.task_path)
    if handler is not None:
        kwargs = job.args_kwargs or {}
        handler(*kwargs.get("args", []), **kwargs.get("kwargs", {}))


def job_requeue(*, job_id) -> DBTaskResult | None:
    """Queue a failed or abandoned job again (its object's state allows the re-run: an
    import batch was put back to where the job starts). None if its worker is alive or the
    job succeeded."""
    with transaction.atomic():
        job = DBTaskResult.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in ("SUCCESSFUL", "READY"):
            return None
        if job.status == "RUNNING":
            worker = job.worker_ids[-1] if job.worker_ids else None
            if worker in selectors.live_worker_ids():
                return None
        job.status, job.started_at, job.finished_at = "READY", None, None
        job.exception_class_path = job.traceback = ""
        job.run_after = get_date_max()  # the library's "not deferred"
        job.save(
            update_fields=[
                "status",
                "started_at",
                "finished_at",
                "exception_class_path",
                "traceback",
                "run_after",
            ]
        )
    return job


def jobs_recover(*, now: datetime | None = None) -> list[DBTaskResult]:
    """Fail every job whose worker died under it and forget dead workers' rows."""
    now = now or timezone.now()
    done = []
    for job in selectors.abandoned_jobs(now=now):
        worker = job.worker_ids[-1] if job.worker_ids else "?"
        reason = (
            f"The worker {worker} that ran this job stopped (killed, crashed or lost its "
            f"database) at about {now:%Y-%m-%d %H:%M:%S} UTC."
        )
        failed = job_fail(job_id=job.pk, reason=reason)
        if failed is not None:
            done.append(failed)
    dead = [
        w.pk for w in WorkerHeartbeat.objects.all() if not selectors.worker_is_alive(w, now=now)
    ]
    WorkerHeartbeat.objects.filter(pk__in=dead).delete()
    return done


def beacon_touch(*, name: str) -> None:
    Beacon.objects.update_or_create(name=name, defaults={"at": timezone.now()})


def log_exception(message: str) -> None:
    logger.warning("%s\n%s", message, traceback.format_exc(limit=3))
