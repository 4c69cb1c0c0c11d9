import argparse
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from zhiliang.daily import DAILY_JOBS
from zhiliang.jobs.services import beacon_touch


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Run the daily jobs now and print what each did (the list is zhiliang/daily.py): "
        "draft 督办 notices for tasks past their due date and not reported done (a unit "
        "that already has an open notice on a task gets no second one), flag overdue "
        "follow-up steps and due dates, recompute the indicators; delete expired sessions and "
        "job records finished over 30 days ago. When every job succeeded, the time is noted "
        "for the readiness check. "
        "Operators run it from cron once a day, e.g. `5 1 * * * zhiliang-manage daily`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="day",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="run as if today were this day (default: today)",
        )

    def handle(self, *args, day, **options):
        today = day or timezone.localdate()
        for label, path in DAILY_JOBS:
            result = import_string(path).call(today=today.isoformat())
            self.stdout.write(f"{today}: {label}: {result}")
        # For /healthz/ready: the daily jobs completed (all of them) at this time.
        beacon_touch(name="daily")
