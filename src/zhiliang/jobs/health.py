"""The checks behind /healthz/ready: each answers True (ok) or False (fail), never raises."""

import logging
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhiliang.jobs import selectors

logger = logging.getLogger(__name__)
_migrated = False  # once all were applied, this process's code cannot lack one


def database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def migrations() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def worker() -> bool:
    return selectors.worker_recent()


def daily() -> bool:
    hours = settings.ZHILIANG_DAILY_MAX_AGE_HOURS
    age = selectors.beacon_age("daily")
    return age is not None and age <= timedelta(hours=hours)


def backup() -> bool:
    folder = Path(settings.ZHILIANG_BACKUP_DIR)
    newest = max((e.stat().st_mtime for e in os.scandir(folder) if e.is_file()), default=None)
    if newest is None:
        return False
    age = timezone.now().timestamp() - newest
    return age <= settings.ZHILIANG_BACKUP_MAX_AGE_HOURS * 3600


def checks() -> dict:
    """The checks in force: the daily and backup ones only where configured."""
    found = {"database": database, "migrations": migrations, "worker": worker}
    if settings.ZHILIANG_DAILY_MAX_AGE_HOURS > 0:
        found["daily"] = daily
    if settings.ZHILIANG_BACKUP_DIR:
        found["backup"] = backup
    return found


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in checks().items():
        try:
            results[name] = bool(check())
        except Exception as exc:  # a check that cannot run has failed; say why in the log only
            logger.warning("health check %s: %s: %s", name, exc.__class__.__name__, exc)
            results[name] = False
    return results
