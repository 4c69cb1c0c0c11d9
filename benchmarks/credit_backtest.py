"""The credit backtest on a demo installation: classes at a cut-off from the records before
it, against the samples and failures of the following 12 months.

    python -m benchmarks.credit_backtest --database-url URL [--cutoff YYYY-MM-DD] [--repeat 3]

Needs a database the demo generator filled (`zhiliang demo --no-serve --scale city --seed 1`
with DATABASE_URL and ZHILIANG_HOME set; district scale for the demo): its loaders give each
enterprise a hidden propensity that drives its failed samples, penalties and complaints,
so a classification from past records can predict later failures. Nothing is written.
Measured: `backtest()` (one grouped query over the records for the classes at the cut-off,
NumPy scoring, one grouped query over the samples), median and slowest of `--repeat`, and
the peak memory of the process; printed: its figures (per class the enterprises, samples,
failures, failure rate with its 95 % interval; the D/A ratio; the lift of the weighted draw).
"""

import argparse
import statistics
import time
from datetime import date

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--cutoff", default=None, help="YYYY-MM-DD (default: 12 months ago)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    django_setup(BENCH_HOME / "credit_backtest", args.database_url)

    from django.db import connection

    from zhiliang.credit.backtest import backtest
    from zhiliang.credit.models import CreditRecord
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.inspections.models import Sample

    cutoff = date.fromisoformat(args.cutoff) if args.cutoff else None
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = backtest(cutoff=cutoff)
        runs.append(time.perf_counter() - started)
    print(f"{machine()}; database {connection.vendor}")
    print(
        f"{Enterprise.objects.count():,} enterprises, {CreditRecord.objects.count():,} credit "
        f"records, {Sample.objects.count():,} samples; cut-off {result['cutoff']}, samples "
        f"until {result['until']}, model {result['model_version']}"
    )
    print(
        f"backtest: median {statistics.median(runs):.2f} s, slowest {max(runs):.2f} s "
        f"({len(runs)} runs); peak memory of the process {peak_rss_mib():.0f} MiB"
    )
    rows = []
    for letter, c in result["classes"].items():
        low_high = c["interval_95"]
        interval = f"{_percent(low_high[0])} – {_percent(low_high[1])}" if low_high else "—"
        rows.append([
            letter, f"{c['enterprises']:,}", f"{c['samples']:,}", f"{c['failures']:,}",
            _percent(c["rate"]), interval, c["weight"],
        ])  # fmt: skip
    headers = ["class", "enterprises", "samples", "failures", "rate", "95 % interval", "weight"]
    print(table(headers, rows))
    print(f"D/A ratio {result['ratio_d_to_a']}; lift {result['lift_per_100']} failures per 100")


if __name__ == "__main__":
    main()
