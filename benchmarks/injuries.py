"""Injury estimates for a year of 500,000 cases on PostgreSQL (goal ≤ 2 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m benchmarks.injuries

Data: 40 sentinel hospitals over 常州市's counties in the four strata and 500,000 cases of
2025 (each with a product of the catalogue, one in ten with a second), inserted set-based
(INSERT … SELECT generate_series) once; a second run reuses them. Timed: the weighted
estimates of the year by product, by month (12 periods) and by quarter, each twice; the
better wall time is kept. Also `injury_counts` by product × county × quarter.
"""

import os
import statistics
import time

from benchmarks.common import BENCH_HOME, django_setup, machine, table

CASES = 500_000
HOSPITALS = 40
STRATA = (("grade3", 4), ("grade2", 7.5), ("grade1", 22.5), ("children", 1))
COUNTIES = ("320402", "320404", "320411", "320412", "320413", "320481")

_CASES_SQL = """
INSERT INTO injuries_injurycase (hospital_id, region_id, case_number, treated_on, age, sex,
    body_part, diagnosis, disposition, place, product_codes, narrative, created_at, updated_at)
SELECT h.id, h.region_id, 'B' || g, DATE '2025-01-01' + (g * 7919 %% 365)::int,
       (g * 31 %% 100)::int, CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, 'head', 'fracture',
       'released', 'home', '', '', now(), now()
FROM generate_series(1::bigint, %(n)s) g
JOIN (SELECT id, region_id, row_number() OVER (ORDER BY id) - 1 AS k
      FROM injuries_sentinelhospital) h
  ON h.k = (g * 2654435 + g / 7) %% %(h)s
"""
_LINKS_SQL = """
INSERT INTO injuries_injurycaseproduct (case_id, product_id, hospital_id, region_id, treated_on)
SELECT c.id, p.id, c.hospital_id, c.region_id, c.treated_on FROM injuries_injurycase c
JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM enterprises_product
      WHERE parent_id IS NOT NULL) p
  ON p.k = c.id::bigint * 7919 %% %(p)s
UNION ALL
SELECT c.id, p.id, c.hospital_id, c.region_id, c.treated_on FROM injuries_injurycase c
JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM enterprises_product
      WHERE parent_id IS NOT NULL) p
  ON p.k = (c.id::bigint * 104729 + 1) %% %(p)s
WHERE c.id %% 10 = 0 AND (c.id::bigint * 104729 + 1) %% %(p)s <> c.id::bigint * 7919 %% %(p)s
"""


def prepare() -> None:
    from datetime import date
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, transaction

    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.models import Product
    from zhiliang.injuries.models import InjuryCase, SentinelHospital

    call_command("migrate", verbosity=0)
    if InjuryCase.objects.filter(case_number__startswith="B").count() == CASES:
        return
    if not Region.objects.filter(code="320412").exists():
        regions_load(prefixes=("32",))
    regions = dict(Region.objects.filter(code__in=COUNTIES).values_list("code", "id"))
    with transaction.atomic():
        InjuryCase.objects.all().delete()
        SentinelHospital.objects.all().delete()
        SentinelHospital.objects.bulk_create(
            SentinelHospital(
                code=f"B{j:03d}",
                name=f"bench hospital {j}",
                region_id=regions[COUNTIES[j % len(COUNTIES)]],
                stratum=STRATA[j % 4][0],
                weight=Decimal(str(STRATA[j % 4][1])),
                joined_on=date(2024, 1, 1),
            )  # fmt: skip
            for j in range(HOSPITALS)
        )
        products = Product.objects.exclude(parent=None).count()
        with connection.cursor() as cursor:
            cursor.execute(_CASES_SQL, {"n": CASES, "h": HOSPITALS})
            cursor.execute(_LINKS_SQL, {"p": products})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE injuries_injurycase")
        cursor.execute("ANALYZE injuries_injurycaseproduct")
        cursor.execute("ANALYZE injuries_sentinelhospital")


def timed(fn, runs: int = 2) -> tuple[float, object]:
    best, result = None, None
    for _i in range(runs):
        started = time.perf_counter()
        result = fn()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best, result


def main() -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_injuries")
    django_setup(BENCH_HOME / "injuries", url)
    from datetime import date

    from zhiliang.injuries import estimates as est
    from zhiliang.injuries.models import InjuryCaseProduct, SentinelHospital
    from zhiliang.injuries.selectors import injury_counts

    started = time.perf_counter()
    prepare()
    print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    rows = []
    for period in ("month", "quarter", "year"):
        seconds, result = timed(
            lambda period=period: est.estimates(
                hospitals_qs=SentinelHospital.objects.in_region("3204"),
                links_qs=InjuryCaseProduct.objects.in_region("3204"),
                start=start,
                end=end,
                period=period,
            )  # fmt: skip
        )
        cases = sum(e.cases for e in result)
        unstable = sum(e.unstable for e in result)
        rows.append([f"estimates by {period}", f"{seconds:.2f}", len(result), cases, unstable])
    seconds, counts = timed(lambda: injury_counts(period_start=start, period_end=end))
    rows.append(["injury_counts by quarter", f"{seconds:.2f}", len(counts),
                 sum(c["cases"] for c in counts), ""])  # fmt: skip
    print(table(["what", "seconds", "rows", "case-products", "unstable"], rows))
    print(f"\n{machine()}; load average {statistics.mean(os.getloadavg()[:1]):.2f}")


if __name__ == "__main__":
    main()
