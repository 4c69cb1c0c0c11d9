from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from zhiliang.indicators import services
from zhiliang.indicators.catalogue import CatalogueError
from zhiliang.indicators.periods import PeriodError


class Command(BaseCommand):
    help = (
        "The indicator catalogue and engine. `indicators load` reads every app's "
        "indicators.yaml; `indicators compute [--period P …]` loads them and recomputes "
        "(default: every period from the earliest dated row, at most 3 years back, to today)."
    )
    # As the other batch commands: the system checks (1.3 s at start) are run by `check`
    # and `migrate`, not before every recompute of the daily job.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load the catalogue")
        compute = sub.add_parser("compute", help="load the catalogue and recompute")
        compute.add_argument(
            "--period",
            action="append",
            dest="periods",
            help="2025, 2025-Q1, 2025-03 or 2024/2025; repeat for several (default: all recent)",
        )

    def handle(self, *args, action, periods=None, **options):
        try:
            if action == "load":
                r = services.indicators_load()
                self.stdout.write(
                    f"{r['indicators']} indicators from {r['files']} files: {r['created']} new, "
                    f"{r['updated']} changed, {r['retired']} retired"
                )
                return
            run = services.indicators_compute(periods=periods, trigger="command")
        except (CatalogueError, PeriodError) as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:  # the run records it too
            raise CommandError(f"the computation failed: {exc}") from None
        self.stdout.write(self.style.SUCCESS(run.message))
