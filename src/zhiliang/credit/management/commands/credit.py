"""`zhiliang credit classify [--enterprise USCC]` and `zhiliang credit backtest
[--cutoff DATE] [--json]`."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhiliang.credit.backtest import backtest
from zhiliang.credit.rules import CLASSES
from zhiliang.credit.scoring import classify
from zhiliang.credit.services import credit_records_refresh
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.uscc import normalize


class Command(BaseCommand):
    help = "Quality credit: classify enterprises into A–D, backtest the classes."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        one = sub.add_parser("classify", help="Refresh the credit records and classify.")
        one.add_argument("--enterprise", metavar="USCC", help="only this enterprise")
        test = sub.add_parser("backtest", help="Classes at a cut-off against the next 12 months.")
        test.add_argument("--cutoff", metavar="YYYY-MM-DD", help="default: 12 months ago")
        test.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, action, **options):
        if action == "classify":
            return self.classify(options.get("enterprise"))
        return self.backtest(options.get("cutoff"), options.get("json"))

    def classify(self, uscc):
        ids = None
        if uscc:
            enterprise = Enterprise.objects.filter(uscc=normalize(uscc)).first()
            if enterprise is None:
                raise CommandError(f"No enterprise with USCC {uscc}.")
            ids = [enterprise.pk]
        records = credit_records_refresh(enterprise_ids=ids)
        counts = classify(enterprise_ids=ids)
        classes = ", ".join(f"{c} {counts[c]:,}" for c in CLASSES)
        self.stdout.write(
            f"{records:,} credit records; classes: {classes}; {counts['changed']:,} changed"
        )

    def backtest(self, cutoff, as_json):
        try:
            day = date.fromisoformat(cutoff) if cutoff else None
        except ValueError as exc:
            raise CommandError(f"--cutoff: give a date as YYYY-MM-DD ({cutoff!r}).") from exc
        result = backtest(cutoff=day)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"cut-off {result['cutoff']}, samples until {result['until']}")
        for letter, row in result["classes"].items():
            rate = "—" if row["rate"] is None else f"{100 * row['rate']:.1f} %"
            self.stdout.write(
                f"  {letter}: {row['enterprises']:,} enterprises, {row['samples']:,} samples, "
                f"{row['failures']:,} failures, rate {rate}"
            )
        self.stdout.write(f"D/A ratio {result['ratio_d_to_a']}, lift {result['lift_per_100']}")
