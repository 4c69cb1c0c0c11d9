"""Risk signals for every cell at province scale: the grouped query, the three methods on
every product × region cell (county, city, province) and the signals written.

    python -m benchmarks.risk [--samples 1000000] [--database-url URL]

Builds a bench database under $ZHILIANG_BENCH_HOME/risk (default /tmp/zhiliang-bench):
江苏's regions, 20,000 enterprises over its townships, the full product catalogue and two
years of decided samples (eight quarters) inserted in bulk, not through the services — the
signals are measured, not the writes. A second run reuses the data.
Measured: the cells' grouped query; the signals of every cell with the CUSUM limits cached
(median of three runs) and once with an empty cache (limits simulated); `signals_refresh`.

Goal (issue 16): signals for every cell at 10⁶ samples, the full catalogue and every county
≤ 10 s on PostgreSQL.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table

ENTERPRISES = 20_000
TODAY = date(2026, 6, 30)
DAYS = 730
GOAL_SECONDS = 10.0


def _populate(samples: int, seed: int = 2026) -> None:
    from django.db import transaction

    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Enterprise, Industry, Product
    from zhiliang.enterprises.uscc import make_uscc
    from zhiliang.inspections.choices import PlanLevel, Verdict
    from zhiliang.inspections.models import Sample, SamplingPlan

    rng = random.Random(seed)
    products_load(Product)
    townships = list(
        Region.objects.filter(code__startswith="32", level=4).values_list("id", "code")
    )
    industry = Industry.objects.get(code="34")
    leaves = list(Product.objects.filter(parent__isnull=False).values_list("id", flat=True))
    rate = {p: rng.uniform(0.02, 0.12) for p in leaves}
    province = Region.objects.get(code="32")
    office, _new = Organization.objects.get_or_create(
        name="江苏省市场监督管理局", region=province, defaults={"kind": OrganizationKind.DEPARTMENT}
    )
    with transaction.atomic():
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=make_uscc(townships[n % len(townships)][1][:6], f"R{n:07d}"),
                    name=f"风险基准企业{n}号",
                    region_id=townships[n % len(townships)][0],
                    industry=industry,
                )
                for n in range(ENTERPRISES)
            ],
            batch_size=5000,
        )
        firms = list(Enterprise.objects.values_list("id", "region_id"))
        plans = {
            year: SamplingPlan.objects.create(
                name=f"江苏省{year}年基准抽查计划",
                level=PlanLevel.PROVINCIAL,
                year=year,
                authority=office,
                region=province,
            ).pk
            for year in range(TODAY.year - 2, TODAY.year + 1)
        }
        start, batch = TODAY - timedelta(days=DAYS - 1), []
        for n in range(samples):
            ent, region_id = firms[rng.randrange(len(firms))]
            product = leaves[rng.randrange(len(leaves))]
            day = start + timedelta(days=rng.randrange(DAYS))
            batch.append(
                Sample(
                    sample_number=f"RB-{n:08d}",
                    plan_id=plans[day.year],
                    enterprise_id=ent,
                    region_id=region_id,
                    product_id=product,
                    sampled_on=day,
                    verdict=Verdict.FAIL if rng.random() < rate[product] else Verdict.PASS,
                )
            )
            if len(batch) == 20_000:
                Sample.objects.bulk_create(batch)
                batch = []
        Sample.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    django_setup(BENCH_HOME / "risk", args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Enterprise, Industry
    from zhiliang.inspections.models import Sample, SamplingPlan
    from zhiliang.risk import rules
    from zhiliang.risk.models import CusumLimit, Signal
    from zhiliang.risk.refresh import signal_alarms, signal_cells, signals_refresh

    call_command("migrate", interactive=False, verbosity=0)
    setup = 0.0
    if Sample.objects.count() != args.samples:
        started = time.perf_counter()
        Signal.objects.all().delete()
        Sample.objects.all().delete()
        SamplingPlan.objects.all().delete()
        Enterprise.objects.all().delete()
        if not Region.objects.filter(code="32").exists():
            regions_load(prefixes=("32",))
        industries_load(Industry)
        _populate(args.samples)
        setup = time.perf_counter() - started
        with connection.cursor() as c:
            c.execute("ANALYZE")
    params = rules.signals()
    rows = []
    started = time.perf_counter()
    cells, counts = signal_cells(today=TODAY, params=params)
    query = time.perf_counter() - started
    rows.append(["cells: grouped query + roll-up", f"{query:.2f}", "(1 run)", cells.size, "—"])
    CusumLimit.objects.all().delete()
    started = time.perf_counter()
    alarms = signal_alarms(today=TODAY, params=params)
    cold = time.perf_counter() - started
    rows.append(["signals, CUSUM limits simulated (cold)", f"{cold:.2f}", "(1 run)", len(alarms),
                 "yes" if cold <= GOAL_SECONDS else "NO"])  # fmt: skip
    times = []
    for _run in range(3):
        started = time.perf_counter()
        alarms = signal_alarms(today=TODAY, params=params)
        times.append(time.perf_counter() - started)
    rows.append(["signals, limits cached (warm)", f"{statistics.median(times):.2f}",
                 f"{max(times):.2f}", len(alarms),
                 "yes" if max(times) <= GOAL_SECONDS else "NO"])  # fmt: skip
    Signal.objects.all().delete()
    started = time.perf_counter()
    result = signals_refresh(today=TODAY, params=params)
    refresh = time.perf_counter() - started
    rows.append(["signals_refresh (compute + write)", f"{refresh:.2f}", "(1 run)",
                 result["opened"], "yes" if refresh <= GOAL_SECONDS else "NO"])  # fmt: skip
    engine = connection.vendor
    print(
        f"{args.samples:,} samples (8 quarters), {ENTERPRISES:,} enterprises in 江苏, "
        f"{cells.size:,} cells; {engine}; {machine()}; load {os.getloadavg()[0]:.1f}"
    )
    if setup:
        print(f"bulk set-up: {setup:.0f} s")
    print(table(["case", "seconds", "slowest", "cells/signals", f"≤ {GOAL_SECONDS:.0f} s"], rows))
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
