"""Special equipment at province scale: the daily due-date refresh, the overdue board and
the equipment indicators over ~1 million units.

    python -m benchmarks.equipment_due [--units 1000000] [--stale 100000] [--database-url URL]
    (PostgreSQL: --database-url postgres://postgres@127.0.0.1:5432/zhiliang_bench_equipment)

Builds a bench database under $ZHILIANG_BENCH_HOME/equipment (default
/tmp/zhiliang-bench/equipment): 江苏's regions, 20,000 enterprises over its townships (the
units need an owner, not a realistic register), then the units in bulk with their due dates
computed by the rules (due.py, as an import would), one past due date each
(equipment.InspectionDue) and 100,000 operators. A second run reuses the data.
Measured:

- the daily refresh (`units_refresh_due`): set-based UPDATEs of the due state and one
  INSERT … SELECT of the due dates that arrived — on three successive days (median, slowest),
  and once from scratch (every unit's state changes);
- recomputing stored due dates after the rules data changed (Python per unit, chunked
  bulk_update), on `--stale` units, with the rate per second;
- the overdue board of the province and of a city (grouped counts);
- the indicators engine computing the three equipment indicators for a year.
"""

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table

ENTERPRISES = 20_000  # at most; fewer for a small run (units // 50)
OPERATORS = 100_000  # at most; units // 10
YEAR = 2025
TODAY = date(2026, 1, 15)
MIX = (
    ("3110", 55),
    ("3120", 5),
    ("3310", 4),
    ("5110", 14),
    ("2150", 8),
    ("4110", 5),
    ("4310", 2),
    ("4D00", 2),
    ("1100", 3),
    ("1200", 2),
)


def _sizes(units: int) -> tuple[int, int]:
    return min(ENTERPRISES, max(100, units // 50)), min(OPERATORS, units // 10)


def _populate(units: int, seed: int = 2026) -> None:
    from django.db import transaction

    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Enterprise, Industry
    from zhiliang.enterprises.uscc import make_uscc
    from zhiliang.equipment.models import EquipmentUnit, InspectionDue, Operator
    from zhiliang.equipment.services import _derived_fields, compute_due

    rng = random.Random(seed)
    enterprises, operators = _sizes(units)
    townships = list(
        Region.objects.filter(code__startswith="32", level=4).values_list("id", "code")
    )
    industry = Industry.objects.get(code="34")
    codes, weights = [m[0] for m in MIX], [m[1] for m in MIX]
    with transaction.atomic():
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=make_uscc(code[:6], f"E{n:07d}"),
                    name=f"设备基准企业{n}号",
                    region_id=region_id,
                    industry=industry,
                )
                for n, (region_id, code) in enumerate(
                    townships[i % len(townships)] for i in range(enterprises)
                )
            ],
            batch_size=5000,
        )
        firms = list(Enterprise.objects.values_list("id", "region_id"))
        batch, first = [], date(2008, 1, 1)
        for n in range(units):
            firm, region_id = firms[rng.randrange(len(firms))]
            accepted = first + timedelta(days=rng.randrange((TODAY - first).days - 30))
            unit = EquipmentUnit(
                register_code=f"B{n:09d}",
                catalogue_code=rng.choices(codes, weights)[0],
                enterprise_id=firm,
                region_id=region_id,
                accepted_on=accepted,
                in_service_on=accepted,
                registered_on=accepted if rng.random() > 0.01 else None,
                registration_number=f"R{n}",
            )
            if unit.registered_on is None:
                unit.registration_number = ""
            _derived_fields(unit)
            # The last inspection a little before or after the due date it met; 1.5 % behind.
            unit.last_inspected_on = None
            compute_due(unit, TODAY)
            behind = rng.random() < 0.015
            for _ in range(30):
                if unit.next_due_on is None or unit.next_due_on > TODAY:
                    break
                if behind and unit.next_due_on > TODAY - timedelta(days=400):
                    break
                unit.last_inspected_on = min(
                    unit.next_due_on + timedelta(days=rng.randint(-40, 20)), TODAY
                )
                if unit.kind_code == "2000":
                    unit.safety_grade = 2
                compute_due(unit, TODAY)
            batch.append(unit)
            if len(batch) == 20_000:
                EquipmentUnit.objects.bulk_create(batch)
                batch = []
        EquipmentUnit.objects.bulk_create(batch)
        # One past due date per unit: met on time mostly, late or open sometimes.
        dues = []
        for unit_id, region_id, last in EquipmentUnit.objects.values_list(
            "id", "region_id", "last_inspected_on"
        ).iterator(chunk_size=20_000):
            if last is None:
                continue
            late = rng.random()
            due_on = last + timedelta(days=rng.randint(0, 40) if late > 0.05 else -20)
            dues.append(
                InspectionDue(
                    unit_id=unit_id, region_id=region_id, due_on=due_on, inspected_on=last
                )
            )
            if len(dues) == 20_000:
                InspectionDue.objects.bulk_create(dues, ignore_conflicts=True)
                dues = []
        InspectionDue.objects.bulk_create(dues, ignore_conflicts=True)
        ops = []
        for n in range(operators):
            firm, region_id = firms[n % len(firms)]
            issued = TODAY - timedelta(days=rng.randrange(6 * 365))
            ops.append(
                Operator(
                    name=f"作业员{n}",
                    id_number_encrypted="-",
                    id_number_hash=f"{n:064x}",
                    id_number_masked="3204**********0000",
                    employer_id=firm,
                    region_id=region_id,
                    certificate_number=f"TS{n}",
                    items="N1",
                    issued_on=issued,
                    valid_until=issued + timedelta(days=4 * 365),
                    recorded_on=issued,
                    certified_until=issued + timedelta(days=4 * 365),
                )
            )
        Operator.objects.bulk_create(ops, batch_size=10_000)


def _bench_user():
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region, User
    from zhiliang.core.services import user_create

    user = User.objects.filter(username="bench.viewer").first()
    if user:
        return user
    org = Organization.objects.create(
        name="江苏省市场监督管理局",
        kind=OrganizationKind.DEPARTMENT,
        region=Region.objects.get(code="32"),
    )
    return user_create(
        actor=None,
        username="bench.viewer",
        password="Bench-2026!x",
        organization=org,
        roles=["viewer"],
    )


def _time(fn, runs: int = 3):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--stale", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    home = BENCH_HOME / "equipment"
    if args.database_url and args.database_url.startswith("postgres"):
        from benchmarks.common import pg_create_database

        pg_create_database(args.database_url.rsplit("/", 1)[1])
    django_setup(home, args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict

    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Industry
    from zhiliang.equipment import selectors, services
    from zhiliang.equipment.models import EquipmentUnit

    call_command("migrate", interactive=False, verbosity=0)
    setup = 0.0
    if EquipmentUnit.objects.count() != args.units:
        from zhiliang.enterprises.models import Enterprise
        from zhiliang.equipment.models import InspectionDue, Operator

        started = time.perf_counter()
        if connection.vendor == "postgresql":  # storage reset too: no dead rows to scan
            tables = [m._meta.db_table for m in (InspectionDue, EquipmentUnit, Operator)]
            with connection.cursor() as c:
                c.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        InspectionDue.objects.all().delete()
        EquipmentUnit.objects.all().delete()
        Operator.objects.all().delete()
        Enterprise.objects.all().delete()
        if not Region.objects.filter(code="32").exists():
            regions_load(prefixes=("32",))
        industries_load(Industry)
        _populate(args.units)
        setup = time.perf_counter() - started
        with connection.cursor() as c:
            c.execute("ANALYZE")
    if connection.vendor == "postgresql":  # dead rows of an interrupted set-up skew the scans
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    user = _bench_user()
    rows = []

    days = iter(TODAY + timedelta(days=i) for i in range(1, 100))
    median, worst, changed = _time(lambda: services.units_refresh_due(today=next(days)))
    rows.append(
        [
            "daily refresh (next day), set-based",
            f"{median:.2f}",
            f"{worst:.2f}",
            f"{changed:,} units changed",
        ]
    )
    EquipmentUnit.objects.update(due_state="unknown")
    started = time.perf_counter()
    changed = services.units_refresh_due(today=TODAY)
    rows.append(
        [
            "refresh from scratch (every state set)",
            f"{time.perf_counter() - started:.2f}",
            "(1 run)",
            f"{changed:,} units changed",
        ]
    )

    stale_ids = list(
        EquipmentUnit.objects.order_by("id").values_list("id", flat=True)[: args.stale]
    )
    EquipmentUnit.objects.filter(id__lte=stale_ids[-1]).update(due_rules_version="old")
    started = time.perf_counter()
    done = services.units_recompute_stale(today=TODAY)
    seconds = time.perf_counter() - started
    rows.append(
        [
            f"recompute after a rules change ({done:,} units, Python)",
            f"{seconds:.2f}",
            "(1 run)",
            f"{done / seconds:,.0f} units/s",
        ]
    )

    if connection.vendor == "postgresql":
        # The two bulk cases above rewrote every row; autovacuum would follow them. Without
        # it the board's covering index cannot be read alone (visibility map cleared) and
        # the reads below measure a million dead rows instead of the board.
        with connection.cursor() as c:
            c.execute(f"VACUUM ANALYZE {EquipmentUnit._meta.db_table}")
    for label, code in (("overdue board, 江苏省", "32"), ("overdue board, 常州市", "3204")):
        median, worst, board = _time(
            lambda code=code: selectors.overdue_board(user=user, region_code=code)
        )
        rows.append(
            [
                label,
                f"{median:.2f}",
                f"{worst:.2f}",
                f"{board['totals']['overdue']:,} overdue of {board['totals']['total']:,}",
            ]
        )
    median, worst, n = _time(
        lambda: selectors.unit_list(user=user, filters=QueryDict("due_state=overdue")).qs.count()
    )
    rows.append(["overdue list count, 江苏省", f"{median:.2f}", f"{worst:.2f}", f"{n:,}"])

    try:
        from zhiliang.indicators import engine
        from zhiliang.indicators import periods as P
        from zhiliang.indicators.catalogue import catalogue_load

        catalogue_load()
        codes = [
            "equipment.registration_rate",
            "equipment.inspection_on_time_rate",
            "operators.certified_rate",
        ]
        started = time.perf_counter()
        result = engine.compute(periods=[P.parse(str(YEAR))], codes=codes)
        rows.append(
            [
                f"engine: 3 equipment indicators, {YEAR}, all regions",
                f"{time.perf_counter() - started:.2f}",
                "(1 run)",
                f"{result.get('values', '')} values",
            ]
        )
    except ImportError:
        rows.append(["engine: not installed", "", "", ""])

    vendor = connection.vendor
    enterprises, operators = _sizes(args.units)
    print(
        f"{args.units:,} units, {enterprises:,} enterprises, {operators:,} operators in 江苏 "
        f"({vendor}); {machine()}"
    )
    if setup:
        print(f"bulk set-up: {setup:.0f} s")
    print(table(["case", "median s", "slowest s", "result"], rows))
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
