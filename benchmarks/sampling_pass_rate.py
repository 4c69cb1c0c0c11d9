"""Pass rates of supervision sampling at province scale: the grouped queries behind the
statistics page and the sampling indicators.

    python -m benchmarks.sampling_pass_rate [--samples 1000000] [--database-url URL]

Builds a bench database under $ZHILIANG_BENCH_HOME/sampling (default /tmp/zhiliang-bench):
江苏's regions, 100,000 enterprises spread over its townships and a year of samples (a
province collects 10⁵–10⁶ a year; ARCHITECTURE.md "Scale") inserted in bulk, not through the
services — the reads are measured, not the writes. A second run reuses the data.
Measured, five runs each (median and slowest):

- pass rate per city of the province (the funnel's counts: one grouped query) and per county
  of a city; the funnel with its exact binomial limits;
- the lift of risk weighting (one conditional aggregate);
- the engine computing the sampling indicators of inspections/indicators.yaml for a year
  (all regions, rolled up), when the indicators engine is installed.

Goal: every page query under 1 s on SQLite at 10⁶ samples.
"""

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table

ENTERPRISES = 100_000
YEAR = 2025
GOAL_SECONDS = 1.0
RUNS = 5


def _populate(samples: int, seed: int = 2026) -> None:
    from django.db import transaction

    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Enterprise, Industry, Product
    from zhiliang.enterprises.uscc import make_uscc
    from zhiliang.inspections.choices import PickShare, PlanLevel, Verdict
    from zhiliang.inspections.models import Draw, DrawPick, PlanQuota, Sample, SamplingPlan

    rng = random.Random(seed)
    products_load(Product)
    townships = list(
        Region.objects.filter(code__startswith="32", level=4).values_list("id", "code")
    )
    industry = Industry.objects.get(code="34")
    leaves = list(Product.objects.filter(parent__isnull=False).values_list("id", flat=True))
    province = Region.objects.get(code="32")
    office, _new = Organization.objects.get_or_create(
        name="江苏省市场监督管理局", region=province, defaults={"kind": OrganizationKind.DEPARTMENT}
    )
    # A city's failures run higher or lower, so that the funnel has something to show.
    city_risk = {code: rng.uniform(0.04, 0.14) for code in {c[:4] for _, c in townships}}
    with transaction.atomic():
        rows = []
        for n in range(ENTERPRISES):
            region_id, code = townships[n % len(townships)]
            rows.append(
                Enterprise(
                    uscc=make_uscc(code[:6], f"B{n:07d}"),
                    name=f"基准企业{n}号",
                    region_id=region_id,
                    industry=industry,
                    risk_class=rng.choice("AABBBBBBCD"),
                )
            )
        Enterprise.objects.bulk_create(rows, batch_size=5000)
        firms = list(Enterprise.objects.values_list("id", "region_id", "risk_class"))
        plan = SamplingPlan.objects.create(
            name="江苏省基准抽查计划",
            level=PlanLevel.PROVINCIAL,
            year=YEAR,
            authority=office,
            region=province,
        )
        quota = PlanQuota.objects.create(plan=plan, product_id=leaves[0], region=province, quota=1)
        draw = Draw.objects.create(
            plan=plan, seed=1, algorithm="bench", as_of="2025-01-01T00:00Z", result_digest="-"
        )
        # Every tenth sample comes from a drawn pick (a quarter of them random), for the lift.
        picks = [
            DrawPick(
                draw=draw,
                quota=quota,
                enterprise_id=firms[i][0],
                share=PickShare.RANDOM if i % 4 == 0 else PickShare.WEIGHTED,
                order=i,
            )
            for i in range(len(firms) // 10)
        ]
        DrawPick.objects.bulk_create(picks, batch_size=5000)
        pick_ids = list(DrawPick.objects.order_by("order").values_list("id", flat=True))
        start, batch = date(YEAR, 1, 1), []
        for n in range(samples):
            ent, region_id, risk = firms[rng.randrange(len(firms))]
            code = str(region_id // 10)
            p = city_risk[code[:4]] * {"A": 0.5, "B": 1, "C": 2, "D": 3}[risk]
            pick = pick_ids[n % len(pick_ids)] if n % 10 == 0 else None
            batch.append(
                Sample(
                    sample_number=f"B{YEAR}-{n:08d}",
                    plan=plan,
                    pick_id=pick,
                    enterprise_id=ent,
                    region_id=region_id,
                    product_id=leaves[n % len(leaves)],
                    sampled_on=start + timedelta(days=n % 365),
                    verdict=Verdict.FAIL if rng.random() < p else Verdict.PASS,
                )
            )
            if len(batch) == 20_000:
                Sample.objects.bulk_create(batch)
                batch = []
        Sample.objects.bulk_create(batch)


def _time(fn) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    home = BENCH_HOME / "sampling"
    django_setup(home, args.database_url)

    from django.core.management import call_command

    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Industry
    from zhiliang.inspections import stats
    from zhiliang.inspections.models import Sample

    call_command("migrate", interactive=False, verbosity=0)
    setup = 0.0
    if Sample.objects.count() != args.samples:
        started = time.perf_counter()
        Sample.objects.all().delete()
        if not Region.objects.filter(code="32").exists():
            regions_load(prefixes=("32",))
        industries_load(Industry)
        from zhiliang.enterprises.models import Enterprise
        from zhiliang.inspections.models import Draw, DrawPick, PlanQuota, SamplingPlan

        DrawPick.objects.all().delete()
        Draw.objects.all().delete()
        PlanQuota.objects.all().delete()
        SamplingPlan.objects.all().delete()
        Enterprise.objects.all().delete()
        _populate(args.samples)
        setup = time.perf_counter() - started
        from django.db import connection

        with connection.cursor() as c:
            c.execute("ANALYZE")

    all_samples = Sample.objects.all()
    cases = [
        (
            "pass rate per city of 江苏 (grouped)",
            lambda: stats.region_pass_counts(all_samples, "32"),
        ),
        (
            "pass rate per county of 常州市",
            lambda: stats.region_pass_counts(all_samples.in_region("3204"), "3204"),
        ),
        ("funnel of 江苏 (counts + exact limits)", lambda: stats.funnel(all_samples, "32")),
        ("lift of risk weighting", lambda: stats.lift(all_samples)),
    ]
    rows = []
    for label, fn in cases:
        median, worst, result = _time(fn)
        size = len(result) if isinstance(result, list) else ""
        rows.append([label, f"{median * 1000:.0f}", f"{worst * 1000:.0f}", size,
                     "yes" if worst < GOAL_SECONDS else "NO"])  # fmt: skip
    try:
        from zhiliang.indicators import engine
        from zhiliang.indicators import periods as P
        from zhiliang.indicators.catalogue import catalogue_load
        from zhiliang.indicators.models import Indicator

        catalogue_load()
        codes = list(
            Indicator.objects.filter(code__startswith="sampling.").values_list("code", flat=True)
        )
        started = time.perf_counter()
        result = engine.compute(periods=[P.parse(str(YEAR))], codes=codes)
        seconds = time.perf_counter() - started
        label = f"engine: {len(codes)} sampling indicators, {YEAR}, all regions"
        values = result.get("values", "")
        rows.append([label, f"{seconds * 1000:.0f}", "(1 run)", values, "—"])
    except ImportError:
        rows.append(["engine: not installed", "", "", "", ""])
    print(f"{args.samples:,} samples, {ENTERPRISES:,} enterprises in 江苏; {machine()}")
    if setup:
        print(f"bulk set-up: {setup:.0f} s")
    print(
        table(["case", "median ms", "slowest ms", "groups/values", f"< {GOAL_SECONDS:.0f} s"], rows)
    )
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
