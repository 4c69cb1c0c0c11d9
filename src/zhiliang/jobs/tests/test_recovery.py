"""Jobs whose worker died are failed and their import batches put back where the user can act;
the worker retries database errors instead of dying."""

import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhiliang.enterprises.models import Enterprise
from zhiliang.imports import services as imports
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.tasks import commit_import, validate_import
from zhiliang.indicators.choices import RunStatus
from zhiliang.indicators.models import ComputeRun
from zhiliang.indicators.tasks import compute_indicators
from zhiliang.jobs import selectors, services
from zhiliang.jobs.models import WorkerHeartbeat
from zhiliang.jobs.tests.helpers import queue_job, rows, upload


def heartbeat(worker_id, *, hostname="other-host", pid=1, age=0):
    beat = timezone.now() - timedelta(seconds=age)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname=hostname, pid=pid, queues="*", started_at=beat, beat_at=beat
    )


def dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_a_batch_stuck_committing_goes_back_to_checked_and_can_be_cancelled(clerk, settings):
    settings.ZHILIANG_WORKER_LEASE = 60
    batch = imports.import_validate(actor=clerk, batch=upload(clerk, rows(range(3))))
    imports.import_commit_start(actor=clerk, batch=batch)
    heartbeat("gone", age=61)
    job = queue_job(commit_import, str(batch.pk), clerk.pk, "en", worker_ids=["gone"])
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")

    assert [j.pk for j in services.jobs_recover()] == [job.pk]

    batch.refresh_from_db()
    assert batch.status == ImportStatus.VALIDATED
    assert "interrupted" in batch.message and "Nothing was imported" in batch.message
    assert DBTaskResult.objects.get(pk=job.pk).status == "FAILED"
    assert not WorkerHeartbeat.objects.filter(pk="gone").exists()
    assert Enterprise.objects.count() == 0
    imports.import_cancel(actor=clerk, batch=batch)  # refused before the fix
    assert batch.status == ImportStatus.CANCELLED


def test_a_batch_stuck_checking_goes_back_to_uploaded(clerk):
    batch = upload(clerk, rows(range(3)))
    imports.import_validate_start(actor=clerk, batch=batch)
    heartbeat("killed", hostname=selectors.HOSTNAME, pid=dead_pid())
    job = queue_job(validate_import, str(batch.pk), clerk.pk, "en", worker_ids=["killed"])
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")

    services.jobs_recover()

    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED
    assert "Check the rows again" in batch.message


def test_jobs_of_live_workers_are_left_alone(clerk, settings):
    settings.ZHILIANG_WORKER_LEASE = 60
    batch = upload(clerk, rows(range(3)))
    imports.import_validate_start(actor=clerk, batch=batch)
    heartbeat("busy", age=5)  # another host, within the lease
    heartbeat("here", hostname=selectors.HOSTNAME, pid=os.getpid(), age=3600)
    for worker in ("busy", "here"):
        job = queue_job(validate_import, str(batch.pk), clerk.pk, worker_ids=[worker])
        DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")

    assert services.jobs_recover() == []
    batch.refresh_from_db()
    assert batch.status == ImportStatus.VALIDATING


def test_an_interrupted_recompute_is_marked_failed(db):
    run = ComputeRun.objects.create(status=RunStatus.RUNNING)
    job = queue_job(compute_indicators, run.pk, worker_ids=["nobody"])
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")

    services.jobs_recover()

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "Interrupted" in run.message


def test_a_requeued_commit_imports_once(clerk, django_capture_on_commit_callbacks):
    batch = imports.import_validate(actor=clerk, batch=upload(clerk, rows(range(4))))
    imports.import_commit_start(actor=clerk, batch=batch)
    job = queue_job(commit_import, str(batch.pk), clerk.pk, "en", worker_ids=["gone"])
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")
    services.jobs_recover()

    assert services.job_requeue(job_id=job.pk).status == "READY"
    job.refresh_from_db()
    commit_import.call(*job.args_kwargs["args"])
    with pytest.raises(ValidationError):  # a second run is refused and imports nothing
        commit_import.call(*job.args_kwargs["args"])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert Enterprise.objects.count() == 4


def test_the_jobs_command_lists_fails_and_requeues(clerk, capsys):
    batch = upload(clerk, rows(range(2)))
    imports.import_validate_start(actor=clerk, batch=batch)
    heartbeat("gone", hostname=selectors.HOSTNAME, pid=dead_pid())
    job = queue_job(validate_import, str(batch.pk), clerk.pk, worker_ids=["gone"])
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")

    call_command("jobs")
    out = capsys.readouterr().out
    assert str(job.pk) in out and "STUCK" in out and str(batch.pk) in out

    call_command("jobs", "--fail", str(job.pk))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED
    call_command("jobs")
    assert "FAILED" in capsys.readouterr().out

    call_command("jobs", "--requeue", str(job.pk))
    assert DBTaskResult.objects.get(pk=job.pk).status == "READY"


@pytest.mark.django_db(transaction=True)  # the worker closes its connection and reconnects
def test_the_worker_retries_database_errors_with_backoff(clerk, monkeypatch, caplog):
    """The claim loop meets OperationalError twice (PostgreSQL restarting): the worker logs,
    waits longer each time, and goes on; before, the error ended the process. The job it
    was running is recovered once the database is back."""
    from django_tasks_db.models import DBTaskResultQuerySet

    from zhiliang.jobs import worker as worker_module

    real = DBTaskResultQuerySet.get_locked
    failures = iter([OperationalError("server closed the connection unexpectedly")] * 2)

    def flaky(self):
        error = next(failures, None)
        if error:
            raise error
        return real(self)

    # It was running a job under its id when the database went away.
    batch = upload(clerk, rows(range(2)))
    imports.import_validate_start(actor=clerk, batch=batch)
    heartbeat("w1", hostname=selectors.HOSTNAME, pid=os.getpid())
    job = queue_job(validate_import, str(batch.pk), clerk.pk, worker_ids=["w1"])
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING")

    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        assert len(sleeps) < 5, "the worker keeps failing"

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky)
    monkeypatch.setattr(worker_module.time, "sleep", sleep)
    monkeypatch.setattr(worker_module.HeartbeatWorker, "start_heartbeat", lambda self: None)
    monkeypatch.setattr(worker_module.HeartbeatWorker, "stop_heartbeat", lambda self: None)
    worker = worker_module.HeartbeatWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w1",
        excluded_queue_names=[],
    )
    with caplog.at_level("WARNING", logger="zhiliang.jobs"):
        worker.run()  # returns: the queue is empty once the database is back
    assert sleeps == [1.0, 2.0]
    assert "database unavailable" in caplog.text
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED
    assert DBTaskResult.objects.get(pk=job.pk).status == "FAILED"
    assert worker.worker_id != "w1"


def test_db_worker_is_ours_and_serves_every_queue_by_default():
    """The deploy units and `zhiliang demo` run plain `zhiliang db_worker`: it must be the
    worker with the heartbeat, and must not serve only the "default" queue."""
    from django.core.management import get_commands, load_command_class

    assert get_commands()["db_worker"] == "zhiliang.jobs"
    command = load_command_class("zhiliang.jobs", "db_worker")
    assert command.create_parser("zhiliang", "db_worker").get_default("queue_name") == "*"
