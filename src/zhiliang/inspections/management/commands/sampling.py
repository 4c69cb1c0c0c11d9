"""`zhiliang sampling verify-draw DRAW_ID | --all`: re-run draws and compare."""

from django.core.management.base import BaseCommand, CommandError

from zhiliang.inspections import selectors
from zhiliang.inspections.models import Draw


class Command(BaseCommand):
    help = "Supervision sampling tools. verify-draw: re-run draws from their seed and inputs."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify-draw",
            help="Re-run a draw (or every published one) and compare with what was recorded; "
            "exits 0 and prints 'verified' when each reproduces.",
        )
        verify.add_argument("draw_id", nargs="?", type=int)
        verify.add_argument("--all", action="store_true", help="every published draw")

    def handle(self, *args, action, **options):
        if action == "verify-draw":
            return self.verify(options.get("draw_id"), options.get("all"))

    def verify(self, draw_id, every):
        if (draw_id is None) == (not every):
            raise CommandError("Give one DRAW_ID or --all.")
        if every:
            draws = list(Draw.objects.filter(published_at__isnull=False).order_by("id"))
            if not draws:
                self.stdout.write("no published draws")
                return
        else:
            draw = Draw.objects.filter(pk=draw_id).first()
            if draw is None:
                raise CommandError(f"There is no draw {draw_id}.")
            draws = [draw]
        failed = 0
        for draw in draws:
            check = selectors.draw_verify(draw)
            (self.stdout if check.ok else self.stderr).write(check.message)
            failed += not check.ok
        if failed:
            raise CommandError(f"{failed} of {len(draws)} draw(s) did not verify", returncode=1)
        if every:
            self.stdout.write(f"verified: all {len(draws)} published draw(s)")
