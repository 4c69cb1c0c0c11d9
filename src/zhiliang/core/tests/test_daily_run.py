"""The daily job: runs from cron's bare environment, cleans up, and notes when it last ran."""

import os
import shutil
import subprocess
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhiliang.core.tasks import prune_finished_jobs
from zhiliang.jobs.models import Beacon

MANAGE = Path(__file__).resolve().parents[4] / "deploy" / "zhiliang-manage"


@pytest.fixture(autouse=True)
def home(settings, tmp_path):
    settings.HOME = tmp_path
    return tmp_path


def last_daily_run():
    """When `zhiliang daily` last finished every job (what /healthz/ready reads)."""
    return Beacon.objects.filter(name="daily").values_list("at", flat=True).first()


def test_last_daily_run_is_noted_when_every_job_ran(regions, time_machine):
    assert last_daily_run() is None
    time_machine.move_to("2026-12-05 01:05 +08:00", tick=False)
    call_command("daily", stdout=StringIO())
    assert last_daily_run() == timezone.now()
    assert last_daily_run().tzinfo is not None


def test_a_failing_job_leaves_the_last_run_as_it_was(regions, monkeypatch):
    jobs = [("ok", "zhiliang.core.tasks.clear_expired_sessions"), ("broken", "zhiliang.no.such")]
    monkeypatch.setattr("zhiliang.core.management.commands.daily.DAILY_JOBS", jobs)
    with pytest.raises(ImportError):
        call_command("daily", stdout=StringIO())
    assert last_daily_run() is None


def test_daily_deletes_expired_sessions_and_old_job_records(regions):
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(1))
    old = DBTaskResult.objects.create(
        task_path="zhiliang.core.tasks.prune_finished_jobs",
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        finished_at=now - timedelta(days=31),
    )
    recent = DBTaskResult.objects.create(
        task_path="zhiliang.core.tasks.prune_finished_jobs",
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        finished_at=now - timedelta(days=2),
    )
    out = StringIO()
    call_command("daily", stdout=out)
    assert "expired sessions deleted: 1" in out.getvalue()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(pk=recent.pk).exists()
    assert prune_finished_jobs.call() == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="switches user as cron's root does")
@pytest.mark.parametrize("status", [0, 3])
def test_zhiliang_manage_runs_with_crons_path(status):
    """cron's PATH is /usr/bin:/bin; runuser is in /usr/sbin. A stand-in `zhiliang` shows
    which user ran it with which settings and arguments."""
    tmp = Path(tempfile.mkdtemp(prefix="zhiliang-cron-"))  # readable by `nobody`
    try:
        tmp.chmod(0o755)
        (tmp / "home").mkdir(mode=0o777)
        (tmp / "home").chmod(0o777)
        (tmp / "venv" / "bin").mkdir(parents=True)
        fake = tmp / "venv" / "bin" / "zhiliang"
        fake.write_text(f'#!/bin/sh\necho "$(id -un) $(pwd) $DATABASE_URL $*"\nexit {status}\n')
        fake.chmod(0o755)
        env_file = tmp / "zhiliang.env"
        env_file.write_text(f"ZHILIANG_HOME={tmp}/home\nDATABASE_URL=postgres://x@h/db\n")
        env_file.chmod(0o644)
        run = subprocess.run(
            ["env", "-i", "PATH=/usr/bin:/bin", f"ZHILIANG_ENV_FILE={env_file}",
             f"ZHILIANG_VENV={tmp}/venv", "ZHILIANG_USER=nobody", str(MANAGE), "daily", "-v", "2"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        shutil.rmtree(tmp)
    assert run.stdout == f"nobody {tmp}/home postgres://x@h/db daily -v 2\n"
    if status:
        assert run.returncode != 0
        assert "zhiliang-manage: zhiliang daily -v 2 failed (exit status 3)" in run.stderr
    else:
        assert run.returncode == 0, run.stderr


def test_zhiliang_manage_fails_loudly(tmp_path):
    run = subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", f"ZHILIANG_ENV_FILE={tmp_path}/missing.env",
         f"ZHILIANG_USER={os.environ.get('USER') or 'root'}", str(MANAGE), "daily"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode != 0
    assert f"zhiliang-manage: cannot read {tmp_path}/missing.env" in run.stderr
