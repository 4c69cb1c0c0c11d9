"""django-tasks-db's worker with a heartbeat, recovery of abandoned jobs, and patience with
the database.

* A thread records the worker's heartbeat every few seconds (its own connection) and, every
  so often, fails the jobs of workers that died, putting their objects (import batches,
  recomputes) back into a state their users can act on.
* A database error in the claim loop (PostgreSQL restarting, a network blip) is logged and
  retried with backoff instead of ending the process. The worker then takes a new id: a job
  it was running when the database went away is recovered like any abandoned one.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from zhiliang.jobs import services

logger = logging.getLogger("zhiliang.jobs")


class HeartbeatWorker(Worker):
    backoff_first = 1.0
    backoff_max = 30.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._beating: threading.Thread | None = None
        self._retired: list[str] = []

    # --- heartbeat thread -------------------------------------------------------------
    def _beat_once(self, *, recover: bool) -> None:
        services.worker_beat(
            worker_id=self.worker_id,
            queues=",".join(self.queue_names),
            started_at=self.started_at,
        )
        if recover:
            for job in services.jobs_recover():
                logger.warning("recovered job %s (%s)", job.pk, job.task_path)

    def _beat_loop(self) -> None:
        every = settings.ZHILIANG_WORKER_HEARTBEAT
        recover_every = settings.ZHILIANG_WORKER_RECOVER_EVERY
        last_recovery = time.monotonic()
        try:
            while not self._stop.wait(every):
                recover = time.monotonic() - last_recovery >= recover_every
                try:
                    self._beat_once(recover=recover)
                    if recover:
                        last_recovery = time.monotonic()
                except DatabaseError as exc:
                    logger.warning("heartbeat: database unavailable (%s)", exc.__class__.__name__)
                    connection.close()
                except Exception:
                    services.log_exception("heartbeat failed")
        finally:
            connection.close()

    def start_heartbeat(self) -> None:
        self._beat_once(recover=True)
        self._beating = threading.Thread(target=self._beat_loop, name="heartbeat", daemon=True)
        self._beating.start()

    def stop_heartbeat(self) -> None:
        self._stop.set()
        if self._beating is not None:
            self._beating.join(timeout=settings.ZHILIANG_WORKER_HEARTBEAT + 5)
        with contextlib.suppress(DatabaseError):
            services.worker_forget(worker_id=self.worker_id)

    # --- the claim loop, retried -------------------------------------------------------
    def run(self) -> None:
        delay = self.backoff_first
        started = False
        try:
            while True:
                began = time.monotonic()
                try:
                    if not started:
                        self.start_heartbeat()
                        started = True
                    if self._retired:
                        self._retire()
                    super().run()
                    return
                except DatabaseError as exc:
                    if not self.running:
                        raise
                    if time.monotonic() - began > 10 * self.backoff_max:
                        delay = self.backoff_first
                    logger.warning(
                        "worker %s: database unavailable (%s: %s); retrying in %.0f s",
                        self.worker_id,
                        exc.__class__.__name__,
                        str(exc).strip()[:200],
                        delay,
                    )
                    self._close_connection()
                    if started:
                        # The job it held, if any, is abandoned under the old id: once the
                        # database is back, that id is forgotten and its job recovered.
                        self._retired.append(self.worker_id)
                        self.worker_id = f"{self.worker_id[:40]}-{get_random_string(8)}"
                    time.sleep(delay)
                    delay = min(delay * 2, self.backoff_max)
        finally:
            if started:
                self.stop_heartbeat()

    def _retire(self) -> None:
        for worker_id in self._retired:
            services.worker_forget(worker_id=worker_id)
        self._retired = []
        for job in services.jobs_recover():
            logger.warning("recovered job %s (%s)", job.pk, job.task_path)

    @staticmethod
    def _close_connection() -> None:
        with contextlib.suppress(DatabaseError):
            connection.close()
