"""Reads about workers and jobs: which workers are alive, which jobs are stuck or failed."""

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhiliang.jobs.models import Beacon, WorkerHeartbeat

HOSTNAME = socket.gethostname()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def worker_is_alive(worker: WorkerHeartbeat, *, now: datetime | None = None) -> bool:
    """On this host the process table decides (a worker killed with -9 is dead at once);
    elsewhere, a heartbeat within the lease."""
    if worker.hostname == HOSTNAME:
        return _pid_alive(worker.pid)
    now = now or timezone.now()
    return worker.beat_at >= now - timedelta(seconds=settings.ZHILIANG_WORKER_LEASE)


def live_worker_ids(*, now: datetime | None = None) -> set[str]:
    return {w.worker_id for w in WorkerHeartbeat.objects.all() if worker_is_alive(w, now=now)}


def abandoned_jobs(*, now: datetime | None = None) -> list[DBTaskResult]:
    """Running jobs whose worker is gone."""
    alive = live_worker_ids(now=now)
    return [
        job
        for job in DBTaskResult.objects.running().order_by("started_at")
        if not job.worker_ids or job.worker_ids[-1] not in alive
    ]


def worker_recent(*, now: datetime | None = None) -> bool:
    """Some worker beat within the lease (for the readiness check)."""
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.ZHILIANG_WORKER_LEASE)
    return WorkerHeartbeat.objects.filter(beat_at__gte=since).exists()


def beacon_age(name: str, *, now: datetime | None = None) -> timedelta | None:
    beacon = Beacon.objects.filter(name=name).first()
    return None if beacon is None else (now or timezone.now()) - beacon.at


def job_subject(job: DBTaskResult) -> str:
    """What the job works on, for people: the first argument (a batch or run id)."""
    args = (job.args_kwargs or {}).get("args") or []
    return str(args[0]) if args else ""


def jobs_listing(*, include_done: bool = False, limit: int = 200) -> list[dict]:
    """Running (stuck or not), waiting and failed jobs with what they work on."""
    now = timezone.now()
    alive = live_worker_ids(now=now)
    statuses = ["RUNNING", "READY", "FAILED"] + (["SUCCESSFUL"] if include_done else [])
    rows = []
    jobs = DBTaskResult.objects.filter(status__in=statuses).order_by("-enqueued_at")[:limit]
    for job in jobs:
        worker = job.worker_ids[-1] if job.worker_ids else ""
        state = job.status
        if job.status == "RUNNING" and worker not in alive:
            state = "STUCK"
        since = job.started_at or job.enqueued_at
        rows.append(
            {
                "id": str(job.id),
                "state": state,
                "task": job.task_path.rsplit(".", 1)[-1],
                "queue": job.queue_name,
                "subject": job_subject(job),
                "worker": worker,
                "age": now - since,
            }
        )
    return rows
