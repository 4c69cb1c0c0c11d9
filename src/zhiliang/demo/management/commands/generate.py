import argparse
import resource

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhiliang.demo.generate import MissingReferenceData, generate
from zhiliang.demo.synthetic import SCALES


class Command(BaseCommand):
    help = (
        "Generate synthetic organisations and enterprises: district (常州市, ~56,000), "
        "city (常州市 ×10) or province (江苏省, ~3,000,000). Counties that already have "
        "enterprises are skipped, so running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="district")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--history",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="write a 'created' history record per enterprise "
            "(default: yes at district and city scale, no at province scale)",
        )
        # For tests and quick trials: the total number of enterprises, spread alike.
        parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args, scale, seed, history, limit, **options):
        try:
            result = generate(
                scale=scale,
                seed=seed,
                limit=limit,
                history=history,
                progress=options["verbosity"] > 0,
            )
        except MissingReferenceData as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(generation_summary(result))


def generation_summary(result: dict) -> str:
    lines = [_("organisations created: %(n)s") % {"n": f"{result['organizations']:,}"}]
    created, seconds = result["created"], result["seconds"]
    lines.append(
        _("enterprises created under %(scope)s: %(n)s in %(s)s s")
        % {"scope": result["scope"], "n": f"{created:,}", "s": f"{seconds:.1f}"}
        + (
            _(" (%(rate)s per second)") % {"rate": f"{created / seconds:,.0f}"}
            if created and seconds
            else ""
        )
    )
    if result["skipped_counties"]:
        lines.append(
            _("counties skipped (they already have enterprises): %(codes)s")
            % {"codes": " ".join(result["skipped_counties"])}
        )
    if created and result["history"]:
        lines.append(_("history records: written (“created” entries)"))
    elif created:
        lines.append(_("history records: skipped (--no-history)"))
    # ru_maxrss is in KiB on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(_("peak memory (RSS): %(n)s MiB") % {"n": f"{peak:,.0f}"})
    return "\n".join(lines)
