"""Credit risk classification at province scale: every enterprise classified in one pass,
and one enterprise after an event.

    python -m benchmarks.credit [--enterprises 3000000] [--records-per-100 30] [--database-url URL]
                                [--fresh-classes] [--statements]
    (PostgreSQL: --database-url postgres://postgres@127.0.0.1:5432/zhiliang_bench_credit)

Builds a bench database under $ZHILIANG_BENCH_HOME/credit: 江苏's regions, the enterprises
over its townships and credit records straight into their table (the classification reads
only that table; deriving them from the registries is one INSERT…SELECT per kind, measured
by the one-enterprise refresh), about `--records-per-100` per 100 enterprises, of every kind,
dated over the last four years. A second run reuses the data; `--fresh-classes` first puts
the installation back as it was before its first classification (no class rows, no class
changes, every `Enterprise.risk_class` the default B, then VACUUM ANALYZE), so the first run
measures the very first classification again. `--statements` prints each statement of the
first run with its time. Measured:

- `classify()`: the grouped query over the records, NumPy scoring, the scored enterprises
  staged by COPY and applied set-based (only changed rows written), the effective class, the
  class changes and `Enterprise.risk_class` (first run: every class new; second run: classes
  unchanged);
- `classify(enterprise_ids=[one])` and `credit_event(one)` (its records from all the sources
  and its class), median and slowest of 20;
- peak memory of the classification itself (the process's high-water mark reset after the
  data build) and of the whole process.
"""

import argparse
import random
import statistics
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table

_HWM = Path("/proc/self/status")

BATCH = 50_000
KINDS = (
    ("sample_failed", "", 30),
    ("penalty", "fine", 15),
    ("penalty", "warning", 10),
    ("penalty", "licence_revocation", 1),
    ("abnormal_listing", "annual_report", 15),
    ("complaint_justified", "quality", 10),
    ("equipment_overdue", "3110", 8),
    ("instrument_overdue", "", 5),
    ("certificate_suspended", "ccc", 2),
    ("rectified_on_time", "", 4),
    ("cqo_trained", "", 10),
)


def _populate(enterprises: int, per_100: int, seed: int = 2026) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from zhiliang.core.models import Region
    from zhiliang.credit.models import CreditRecord
    from zhiliang.enterprises.models import Enterprise, Industry
    from zhiliang.enterprises.uscc import make_uscc

    rng = random.Random(seed)
    townships = list(
        Region.objects.filter(code__startswith="32", level=4).values_list("id", "code")
    )
    industry = Industry.objects.get(code="34")
    for start in range(0, enterprises, BATCH):
        with transaction.atomic():
            Enterprise.objects.bulk_create(
                [
                    Enterprise(
                        uscc=make_uscc(townships[n % len(townships)][1][:6], f"C{n:07d}"),
                        name=f"信用基准企业{n}号",
                        region_id=townships[n % len(townships)][0],
                        industry=industry,
                    )
                    for n in range(start, min(start + BATCH, enterprises))
                ],
                batch_size=5000,
            )
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    kinds, weights = [k[:2] for k in KINDS], [k[2] for k in KINDS]
    today, now = date(2026, 1, 15), timezone.now()
    n_records = len(ids) * per_100 // 100
    for start in range(0, n_records, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, n_records)):
            kind, detail = rng.choices(kinds, weights)[0]
            rows.append(
                CreditRecord(
                    enterprise_id=rng.choice(ids),
                    kind=kind,
                    detail=detail,
                    occurred_on=today - timedelta(days=rng.randrange(4 * 365)),
                    ended_on=today - timedelta(days=rng.randrange(200))
                    if kind == "abnormal_listing" and rng.random() < 0.5
                    else None,
                    source_model="bench",
                    source_pk=i,
                    refreshed_at=now,
                )  # fmt: skip
            )
        with transaction.atomic():
            CreditRecord.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


def _fresh_classes() -> None:
    """As before the first classification: no class rows (nor their history), no class
    changes, every enterprise with the default class; then VACUUM ANALYZE as after the build."""
    from django.db import connection

    from zhiliang.credit.models import ClassChange, CreditClass
    from zhiliang.enterprises.models import Enterprise

    tables = [m._meta.db_table for m in (ClassChange, CreditClass, CreditClass.history.model)]
    ent = Enterprise._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for name in tables:
                c.execute(f"DELETE FROM {name}")
        c.execute(f"UPDATE {ent} SET risk_class = 'B' WHERE risk_class <> 'B'")
        c.execute(f"VACUUM ANALYZE {ent}" if connection.vendor == "postgresql" else "ANALYZE")
        for name in tables[1:2] if connection.vendor == "postgresql" else ():
            c.execute(f"VACUUM ANALYZE {name}")


def _reset_peak() -> bool:
    """Reset the process's peak resident memory (Linux: VmHWM), so what follows is measured
    apart from the data build."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mib() -> float:
    for line in _HWM.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def _statement_times(out: list):
    """Each statement with its time (the first 100 characters of its SQL)."""
    from django.db import connection

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            out.append((time.perf_counter() - started, " ".join(sql.split())[:100]))

    with connection.execute_wrapper(wrapper):
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=3_000_000)
    parser.add_argument("--records-per-100", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--fresh-classes",
        action="store_true",
        help="measure the very first classification (empty class tables)",
    )
    parser.add_argument(
        "--statements",
        action="store_true",
        help="print the first run's statements with their times",
    )
    args = parser.parse_args()
    home = BENCH_HOME / "credit"
    if args.database_url and args.database_url.startswith("postgres"):
        from benchmarks.common import pg_create_database

        pg_create_database(args.database_url.rsplit("/", 1)[1])
    django_setup(home, args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.credit.hooks import credit_event
    from zhiliang.credit.models import ClassChange, CreditClass, CreditRecord
    from zhiliang.credit.scoring import classify
    from zhiliang.enterprises.models import Enterprise

    call_command("migrate", interactive=False, verbosity=0)
    setup = 0.0
    if Enterprise.objects.count() != args.enterprises:
        started = time.perf_counter()
        for model in (ClassChange, CreditClass, CreditRecord):
            model.objects.all().delete()
        Enterprise.objects.all().delete()
        if not Region.objects.filter(code="32").exists():
            regions_load(prefixes=("32",))
        _populate(args.enterprises, args.records_per_100)
        setup = time.perf_counter() - started
    records = CreditRecord.objects.count()
    if args.fresh_classes:
        _fresh_classes()
    reset = _reset_peak()
    timings, statements, event_statements = [], [], []
    labels = ("first run (classes new or changed)", "second run (unchanged)")
    for label in labels:
        empty = not CreditClass.objects.exists()
        started = time.perf_counter()
        if args.statements and label == labels[0]:
            with _statement_times(statements):
                counts = classify()
        else:
            counts = classify()
        label += " — class table empty" if empty else ""
        timings.append([label, f"{time.perf_counter() - started:.1f} s", counts["changed"]])
    classification_peak = _peak_mib() if reset else None
    one = Enterprise.objects.filter(credit_records__isnull=False).order_by("pk").first().pk
    for label, fn in (
        ("classify one enterprise", lambda: classify(enterprise_ids=[one])),
        ("credit_event: its records from every source + its class", lambda: credit_event(one)),
    ):
        runs, slowest = [], []
        for _ in range(20):
            these = []
            started = time.perf_counter()
            with _statement_times(these):
                fn()
            runs.append(time.perf_counter() - started)
            if runs[-1] == max(runs):
                slowest = these
        if args.statements:
            event_statements.append((label, max(runs), slowest))
        timings.append([
            label, f"median {1000 * statistics.median(runs):.0f} ms, "
            f"slowest {1000 * max(runs):.0f} ms", "",
        ])  # fmt: skip
    print(f"{machine()}; database {connection.vendor}")
    print(
        f"{args.enterprises:,} enterprises, {records:,} credit records"
        + (f" (built in {setup:.0f} s)" if setup else "")
    )
    print(table(["step", "time", "classes changed"], timings))
    print(f"classes: {', '.join(f'{c} {counts[c]:,}' for c in 'ABCD')}")
    if classification_peak is not None:
        print(f"peak memory of the classification (both runs): {classification_peak:.0f} MiB")
    print(f"peak memory of the process: {peak_rss_mib():.0f} MiB")
    if statements:
        print("first run's statements (slowest first):")
        for seconds, sql in sorted(statements, reverse=True)[:15]:
            print(f"  {seconds:7.2f} s  {sql}")
        print(f"  {sum(s for s, _ in statements):7.2f} s  in {len(statements)} statements")
    for label, seconds, these in event_statements:
        print(f"slowest {label} ({1000 * seconds:.0f} ms), its statements:")
        for took, sql in these:
            print(f"  {1000 * took:7.1f} ms  {sql}")


if __name__ == "__main__":
    main()
