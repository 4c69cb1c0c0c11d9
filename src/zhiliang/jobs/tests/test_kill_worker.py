"""kill -9 of a real worker process in each stage, then a restart: the batch ends where its
user can act, nothing is half-imported, and a retry imports every row exactly once.

The worker runs as a subprocess on the test database: PostgreSQL's own test database, or for
SQLite a file copy of the in-memory one (copied back to read the outcome)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from zhiliang.enterprises.models import Enterprise
from zhiliang.imports import services as imports
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.tasks import commit_import, validate_import
from zhiliang.indicators.choices import RunStatus
from zhiliang.indicators.models import ComputeRun
from zhiliang.indicators.tasks import compute_indicators
from zhiliang.jobs import services
from zhiliang.jobs.tests.helpers import queue_job, rows, upload

pytestmark = pytest.mark.django_db(transaction=True)
PAUSED = Path(__file__).with_name("paused_worker.py")
WAIT = 240  # seconds at most for a subprocess (the machine may be busy); never asserted on


class SharedDatabase:
    def __init__(self, folder: Path):
        self.sqlite = connection.vendor == "sqlite"
        self.file = folder / "db.sqlite3"

    @property
    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        return (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )

    def push(self) -> None:
        """The test's data to where the worker reads it."""
        if self.sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.file}{suffix}").unlink(missing_ok=True)
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def pull(self) -> None:
        """What the worker did, back into the test's database."""
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()


@pytest.fixture
def shared(tmp_path):
    return SharedDatabase(tmp_path)


def worker_env(shared, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ZHILIANG_TASKS_BACKEND"}
    env.update(DATABASE_URL=shared.url, DJANGO_SETTINGS_MODULE="zhiliang.settings", **extra)
    return env


def kill_in_stage(shared, tmp_path, stage: str) -> None:
    """Start a worker that holds half-way through `stage`, and kill -9 it there."""
    marker = tmp_path / "paused"
    shared.push()
    env = worker_env(shared, PAUSE_AT=stage, PAUSE_MARKER=str(marker))
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, str(PAUSED)], env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + WAIT
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail((tmp_path / "worker.log").read_text()[-3000:])
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=WAIT) == -signal.SIGKILL


def restart_worker(shared) -> None:
    """A plain worker that does what is queued and exits (`--batch`)."""
    done = subprocess.run(
        [sys.executable, "-m", "zhiliang", "db_worker", "--no-reload", "--batch"]
        + ["--no-startup-delay", "--interval", "0.1"],
        env=worker_env(shared),
        capture_output=True,
        timeout=WAIT,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    shared.pull()


def test_killed_while_checking(shared, tmp_path, clerk):
    batch = upload(clerk, rows(range(6)))
    imports.import_validate_start(actor=clerk, batch=batch)
    job = queue_job(validate_import, str(batch.pk), clerk.pk, "en")

    kill_in_stage(shared, tmp_path, "validating")
    restart_worker(shared)

    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == ImportStatus.UPLOADED, batch.message
    assert "Checking was interrupted" in batch.message
    assert batch.rows.count() == 0  # the half-written check was rolled back
    assert DBTaskResult.objects.get(pk=job.pk).status == "FAILED"

    services.job_requeue(job_id=job.pk)  # or the user presses "check" again
    shared.push()
    restart_worker(shared)
    batch.refresh_from_db()
    assert (batch.status, batch.total_rows, batch.rows.count()) == (ImportStatus.VALIDATED, 6, 6)


def test_killed_while_committing(shared, tmp_path, clerk):
    batch = imports.import_validate(actor=clerk, batch=upload(clerk, rows(range(6))))
    imports.import_commit_start(actor=clerk, batch=batch)
    job = queue_job(commit_import, str(batch.pk), clerk.pk, "en")

    kill_in_stage(shared, tmp_path, "committing")
    restart_worker(shared)

    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == ImportStatus.VALIDATED, batch.message
    assert "Importing was interrupted" in batch.message
    assert Enterprise.objects.count() == 0  # the rows it had written were rolled back
    assert DBTaskResult.objects.get(pk=job.pk).status == "FAILED"

    services.job_requeue(job_id=job.pk)  # or the user presses "import" again
    shared.push()
    restart_worker(shared)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert Enterprise.objects.count() == batch.created_count == 6


def test_killed_while_recomputing(shared, tmp_path, regions):
    run = ComputeRun.objects.create()
    job = queue_job(compute_indicators, run.pk)

    kill_in_stage(shared, tmp_path, "recompute")
    restart_worker(shared)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "已中断" in run.message  # the worker writes in the site language
    assert DBTaskResult.objects.get(pk=job.pk).status == "FAILED"
