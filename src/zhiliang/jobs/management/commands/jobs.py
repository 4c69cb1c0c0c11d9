"""`zhiliang jobs`: the background jobs that are running, stuck, waiting or failed."""

from django.core.management.base import BaseCommand, CommandError

from zhiliang.jobs import selectors, services


def _age(delta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Command(BaseCommand):
    help = (
        "List background jobs that are running, STUCK (their worker died), waiting (READY) "
        "or FAILED, with what they work on (import batch or recompute id), worker and age. "
        "--fail ID marks a running or waiting job failed and puts its import back where the "
        "user can retry or cancel; --requeue ID queues a failed or stuck job again; "
        "--recover does for every stuck job what a starting worker does."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--fail", metavar="ID", help="fail this job (and free its import)")
        group.add_argument("--requeue", metavar="ID", help="queue this failed/stuck job again")
        group.add_argument(
            "--recover", action="store_true", help="fail every stuck job (worker gone)"
        )
        parser.add_argument("--all", action="store_true", help="list finished jobs too")

    def handle(self, *args, fail, requeue, recover, all, **options):
        if fail:
            job = services.job_fail(job_id=self._id(fail), reason="Failed by an operator.")
            if job is None:
                raise CommandError(f"{fail}: no such running or waiting job")
            self.stdout.write(f"{fail}: failed")
            return
        if requeue:
            job = services.job_requeue(job_id=self._id(requeue))
            if job is None:
                raise CommandError(
                    f"{requeue}: not requeued (no such job, it succeeded, it is waiting "
                    "already, or its worker is still running it)"
                )
            self.stdout.write(f"{requeue}: queued again")
            return
        if recover:
            for job in services.jobs_recover():
                self.stdout.write(f"{job.pk}: failed (worker gone)")
            return
        rows = selectors.jobs_listing(include_done=all)
        if not rows:
            self.stdout.write("no running, stuck, waiting or failed jobs")
            return
        self.stdout.write(
            f"{'ID':36}  {'STATE':10} {'TASK':22} {'QUEUE':9} {'AGE':>7}  SUBJECT / WORKER"
        )
        for r in rows:
            self.stdout.write(
                f"{r['id']:36}  {r['state']:10} {r['task'][:22]:22} {r['queue'][:9]:9} "
                f"{_age(r['age']):>7}  {r['subject']} {r['worker']}".rstrip()
            )

    @staticmethod
    def _id(text: str) -> str:
        import uuid

        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise CommandError(f"{text}: not a job id") from None
