"""`zhiliang db_worker`: django-tasks-db's worker, with a heartbeat, recovery of the jobs of
dead workers, and retries when the database goes away (zhiliang.jobs.worker)."""

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import CommandError

from zhiliang.jobs.worker import HeartbeatWorker


class Command(db_worker.Command):
    help = (
        "Run a background worker. Without --queue-name it serves every queue, imports first. "
        "It records a heartbeat; jobs of workers that died are failed and their imports put "
        "back where the user can retry or cancel."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity == 0:
            # django-tasks-db silences everything but CRITICAL at 0; a failed job still shows.
            for name in (TASKS_LOGGER, db_worker.logger.name):
                logging.getLogger(name).setLevel(logging.ERROR)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = HeartbeatWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
