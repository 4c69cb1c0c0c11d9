"""Credit risk classification at province scale: every enterprise classified in one pass,
and one enterprise after an event.

    python -m benchmarks.credit [--enterprises 3000000] [--records-per-100 30] [--database-url URL]
    (PostgreSQL: --database-url postgres://postgres@127.0.0.1:5432/zhiliang_bench_credit)

Builds a bench database under $ZHILIANG_BENCH_HOME/credit: 江苏's regions, the enterprises
over its townships and credit records straight into their table (the classification reads
only that table; deriving them from the registries is one INSERT…SELECT per kind, measured
by the one-enterprise refresh), about `--records-per-100` per 100 enterprises, of every kind,
dated over the last four years. A second run reuses the data. Measured:

- `classify()`: the grouped query over the records, NumPy scoring, the scored enterprises
  staged by COPY and applied set-based (only changed rows written), the effective class, the
  class changes and `Enterprise.risk_class` (first run: every class new; second run: classes
  unchanged);
- `classify(enterprise_ids=[one])` and `credit_event(one)` (its records from all the sources
  and its class), median and slowest of 20;
- peak memory of the process.
"""

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=3_000_000)
    parser.add_argument("--records-per-100", type=int, default=30)
    parser.add_argument("--database-url", default=None)
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
    timings = []
    for label in ("first run (classes new or changed)", "second run (unchanged)"):
        started = time.perf_counter()
        counts = classify()
        timings.append([label, f"{time.perf_counter() - started:.1f} s", counts["changed"]])
    one = Enterprise.objects.filter(credit_records__isnull=False).order_by("pk").first().pk
    for label, fn in (
        ("classify one enterprise", lambda: classify(enterprise_ids=[one])),
        ("credit_event: its records from every source + its class", lambda: credit_event(one)),
    ):
        runs = []
        for _ in range(20):
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
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
    print(f"peak memory of the process: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
