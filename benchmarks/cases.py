"""The case engine's timer page at province scale: 100,000 open cases in 江苏, each with its
running clocks.

    python -m benchmarks.cases [--cases 100000] [--database-url URL]
    (PostgreSQL: --database-url postgres://postgres@127.0.0.1:5432/zhiliang_bench_cases)

Builds a bench database under $ZHILIANG_BENCH_HOME/cases (default /tmp/zhiliang-bench/cases):
江苏's regions, one market regulation bureau per county, enterprises, then the cases and
their deadlines in bulk (half accidents with four clocks, half supervised cases with three;
dues spread from 90 days ago to 90 days ahead, a third met). A second run reuses the data.
Measured (median and slowest of 5, seconds), for a province viewer and a city's:

- the timer page's summary: late / due soon / running per clock, one grouped query;
- the whole timer page's reads: the summary, the count and the first page of rows;
- the home page's panel (late and due soon, one query).
Goal (issue #17): the timer page under 0.5 s at 100,000 open cases.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta
from types import SimpleNamespace

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table

ACCIDENT_CLOCKS = ("unit_report", "report_up", "follow_up", "investigation_report")
SUPERVISED_CLOCKS = ("filing", "decision", "supervision")


def _populate(n: int, seed: int = 2026) -> None:
    from django.db import transaction
    from django.utils import timezone

    from zhiliang.cases.models import Case, Deadline
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region
    from zhiliang.enterprises.models import Enterprise, Industry
    from zhiliang.enterprises.uscc import make_uscc

    rng = random.Random(seed)
    now = timezone.now()
    counties = list(Region.objects.filter(code__startswith="32", level=3))
    industry = Industry.objects.get(code="34")
    with transaction.atomic():
        bureaus = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"{r.name}{r.code}市场监督管理局",
                    kind=OrganizationKind.DEPARTMENT,
                    region=r,
                    regulates_market=True,
                )
                for r in counties
            ]
        )
        firms = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=make_uscc(r.code, f"C{i:07d}"),
                    name=f"案件基准企业{i}号",
                    region=r,
                    industry=industry,
                )
                for i, r in enumerate(counties[j % len(counties)] for j in range(5000))
            ],
            batch_size=2000,
        )
        for start in range(0, n, 10_000):
            cases = []
            for i in range(start, min(n, start + 10_000)):
                j = rng.randrange(len(bureaus))
                bureau, kind = bureaus[j], "accident" if i % 2 else "supervised"
                opened = now - timedelta(days=rng.randint(1, 120))
                cases.append(
                    Case(
                        kind=kind,
                        number=f"B{i:07d}",
                        title="基准案件",
                        region_id=bureau.region_id,
                        office=bureau,
                        listing_office=bureau,
                        enterprise=firms[i % len(firms)],
                        stage="reported" if kind == "accident" else "filed",
                        opened_at=opened,
                        due_on=(opened + timedelta(days=90)).date()
                        if kind == "supervised"
                        else None,
                        violation="基准" if kind == "supervised" else "",
                    )
                )
            Case.objects.bulk_create(cases, batch_size=2000)
            deadlines = []
            for case in cases:
                clocks = ACCIDENT_CLOCKS if case.kind == "accident" else SUPERVISED_CLOCKS
                for clock in clocks:
                    due = now + timedelta(hours=rng.randint(-90 * 24, 90 * 24))
                    deadlines.append(
                        Deadline(
                            case=case,
                            kind=clock,
                            case_kind=case.kind,
                            region_id=case.region_id,
                            office_id=case.office_id,
                            listing_office_id=case.office_id,
                            started_at=case.opened_at,
                            due=due,
                            met_at=due - timedelta(hours=1) if rng.random() < 0.33 else None,
                        )
                    )
            Deadline.objects.bulk_create(deadlines, batch_size=5000)


def _user(region_code: str, name: str):
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region, User
    from zhiliang.core.services import user_create

    user = User.objects.filter(username=name).first()
    if user:
        return user
    org = Organization.objects.create(
        name=f"基准{region_code}质量办",
        kind=OrganizationKind.OFFICE,
        region=Region.objects.get(code=region_code),
    )
    return user_create(
        actor=None, username=name, password="Bench-2026!x", organization=org, roles=["viewer"]
    )


def _time(fn, runs: int = 5):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    home = BENCH_HOME / "cases"
    if args.database_url and args.database_url.startswith("postgres"):
        from benchmarks.common import pg_create_database

        pg_create_database(args.database_url.rsplit("/", 1)[1])
    django_setup(home, args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict

    from zhiliang.cases import selectors
    from zhiliang.cases.models import Case
    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.core.views import paginate
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Industry

    call_command("migrate", interactive=False, verbosity=0)
    setup = 0.0
    if Case.objects.count() != args.cases:
        started = time.perf_counter()
        if not Region.objects.filter(code="32").exists():
            regions_load(prefixes=("32",))
        industries_load(Industry)
        _populate(args.cases)
        setup = time.perf_counter() - started
        with connection.cursor() as c:
            c.execute("ANALYZE")
    rows = []
    for label, code, name in (
        ("province 江苏", "32", "bench.province"),
        ("city 苏州", "3205", "bench.city"),
    ):
        user = _user(code, name)

        def summary(user=user):
            qs = selectors.deadline_list(user=user, filters=QueryDict()).qs
            return selectors.timer_summary(queryset=qs)

        def page(user=user):
            filterset = selectors.deadline_list(user=user, filters=QueryDict())
            selectors.timer_summary(queryset=filterset.qs)
            rows_ = paginate(filterset.qs, SimpleNamespace(GET={}))
            list(rows_)
            return rows_.paginator.count

        for what, fn in (
            ("timer summary (one grouped query)", summary),
            ("timer page reads (summary, count, first page)", page),
            ("home panel (late, due soon)", lambda user=user: selectors.due_counts(user=user)),
        ):
            median, worst = _time(fn)
            rows.append([label, what, f"{median:.3f}", f"{worst:.3f}"])
    print(machine())
    print(
        f"{connection.vendor}; {args.cases:,} open cases; set-up {setup:.0f} s; "
        f"peak RSS {peak_rss_mib():.0f} MiB"
    )
    print(table(["scope", "measured", "median s", "slowest s"], rows))


if __name__ == "__main__":
    main()
