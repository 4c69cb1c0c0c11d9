"""/healthz/live and /healthz/ready: no login, JSON, never cached, 503 when a check fails,
and no detail a stranger could use."""

import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from zhiliang.jobs import health
from zhiliang.jobs.models import Beacon, WorkerHeartbeat


@pytest.fixture
def healthy(db, tmp_path, settings):
    """A worker beating, the daily jobs done this morning, a backup from last night."""
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w", hostname="h", pid=1, queues="*", started_at=now, beat_at=now
    )
    Beacon.objects.create(name="daily", at=now - timedelta(hours=3))
    (tmp_path / "db-20261205.dump").write_bytes(b"x")
    settings.ZHILIANG_BACKUP_DIR = str(tmp_path)
    settings.ZHILIANG_BACKUP_MAX_AGE_HOURS = 26
    settings.ZHILIANG_DAILY_MAX_AGE_HOURS = 26
    settings.ZHILIANG_WORKER_LEASE = 120
    return tmp_path


def test_live_answers_without_login_or_database(client, monkeypatch):
    monkeypatch.setattr(health, "connections", None)  # would fail if touched
    r = client.get("/healthz/live")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "checks": {}}
    assert "no-store" in r["Cache-Control"]


def test_ready_when_everything_is_fine(client, healthy):
    r = client.get("/healthz/ready")
    assert r.status_code == 200, r.json()
    assert r.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "worker": "ok",
            "daily": "ok",
            "backup": "ok",
        },
    }
    assert "no-store" in r["Cache-Control"]


class BrokenConnection:
    def cursor(self):
        raise OperationalError('connection to server at "10.1.2.3", port 5432 failed')


def _break_database(monkeypatch, healthy):
    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.selectors, "worker_recent", BrokenConnection().cursor)
    monkeypatch.setattr(health.selectors, "beacon_age", lambda name: BrokenConnection().cursor())


def _pending_migration(monkeypatch, healthy):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("jobs", False)]
    )


def _stale_worker(monkeypatch, healthy):
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=121))


def _no_worker(monkeypatch, healthy):
    WorkerHeartbeat.objects.all().delete()


def _old_daily(monkeypatch, healthy):
    Beacon.objects.update(at=timezone.now() - timedelta(hours=27))


def _never_daily(monkeypatch, healthy):
    Beacon.objects.all().delete()


def _old_backup(monkeypatch, healthy):
    old = time.time() - 27 * 3600
    for f in healthy.iterdir():
        os.utime(f, (old, old))


def _no_backup(monkeypatch, healthy):
    for f in healthy.iterdir():
        f.unlink()


@pytest.mark.parametrize(
    "breakage, failing",
    [
        (_break_database, {"database", "migrations", "worker", "daily"}),
        (_pending_migration, {"migrations"}),
        (_stale_worker, {"worker"}),
        (_no_worker, {"worker"}),
        (_old_daily, {"daily"}),
        (_never_daily, {"daily"}),
        (_old_backup, {"backup"}),
        (_no_backup, {"backup"}),
    ],
)
def test_ready_fails_with_503_naming_only_the_check(
    client, healthy, monkeypatch, breakage, failing
):
    breakage(monkeypatch, healthy)
    r = client.get("/healthz/ready")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "fail"
    assert {name for name, state in body["checks"].items() if state == "fail"} == failing
    assert set(body["checks"].values()) <= {"ok", "fail"}
    assert "10.1.2.3" not in r.content.decode() and str(healthy) not in r.content.decode()


def test_unconfigured_checks_are_left_out(client, healthy, settings):
    settings.ZHILIANG_BACKUP_DIR = ""
    settings.ZHILIANG_DAILY_MAX_AGE_HOURS = 0
    assert set(client.get("/healthz/ready").json()["checks"]) == {
        "database",
        "migrations",
        "worker",
    }


def test_the_daily_command_records_its_completion(db, monkeypatch):
    monkeypatch.setattr("zhiliang.core.management.commands.daily.DAILY_JOBS", [])
    call_command("daily")
    assert timezone.now() - Beacon.objects.get(name="daily").at < timedelta(minutes=5)
