"""Full recompute of every indicator (`zhiliang indicators compute`) at city and province scale.

    python -m benchmarks.indicators_compute [--engine sqlite|postgres|both]
                                             [--scale district|city|province|both]
                                             [--pg-prefix zhiliang_bench_ind]

Data: `zhiliang generate --scale …` into $ZHILIANG_BENCH_HOME/indicators-<engine>-<scale>
(PostgreSQL: the database <pg-prefix>_<scale>, created if missing — or cloned beforehand from
a template); a second run reuses it. Only the enterprise registry (with the products made)
is generated at these scales, so the figures are those of the enterprise and product
indicators (the other sources are empty and cost one query each). The compute
runs in a child process: its wall time and peak memory (RSS of the Python process; the
database server's own memory is not counted) are measured, twice, and the better kept; then
once more after a real change (TOUCH: some enterprises change status), which the
reference then checks. The ratio to DuckDB is that of the slower of the two.

Then the reference (benchmarks.indicators_reference): the same figures computed in DuckDB
from the same tables, compared figure by figure with the stored ones — any difference fails
the run. Its time is the DuckDB computation alone; copying the tables out is shown apart.
Goal (issue #19): province scale on PostgreSQL ≤ 30 s and ≤ 3× DuckDB, peak memory < 1 GB.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import date

from benchmarks.common import (
    BENCH_HOME,
    PG_BENCH_URL,
    environment,
    machine,
    pg_create_database,
    table,
)

GOAL_SECONDS = 30
GOAL_RATIO = 3
GOAL_MIB = 1024
RUNS = 2

_PROBE = """
import json
from zhiliang.enterprises.models import Enterprise
from zhiliang.indicators.models import IndicatorValue, ComputeRun
run = ComputeRun.objects.filter(status="done").first()
print(json.dumps({"enterprises": Enterprise.objects.count(),
                  "values": IndicatorValue.objects.count(),
                  "message": run.message if run else ""}))
"""


def _zl(*args, env, capture=False):
    return subprocess.run(
        [sys.executable, "-m", "zhiliang", *args],
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )


def prepare(engine: str, scale: str, prefix: str) -> tuple[dict, str]:
    """The environment of the case and where its data is (database URL or SQLite file)."""
    home = BENCH_HOME / f"indicators-{engine}-{scale}"
    url = None
    if engine == "postgres":
        name = f"{prefix}_{scale}"
        pg_create_database(name)
        url = PG_BENCH_URL.rsplit("/", 1)[0] + "/" + name
    env = environment(home, url)
    started = time.monotonic()
    _zl("migrate", env=env)
    _zl("load-regions", env=env)
    source = BENCH_HOME / f"indicators-sqlite-{scale}" / "zhiliang.sqlite3"
    if engine == "postgres" and source.exists():
        # Generation is CPU-bound Python, the same for both engines: copy SQLite's rows.
        _copy_enterprises(source, url)
    else:
        _zl("generate", "--scale", scale, "--seed", "1", "--no-history", env=env)
    print(f"[{engine} {scale}] data ready in {time.monotonic() - started:.0f} s", flush=True)
    return env, url or str(home / "zhiliang.sqlite3")


def _copy_enterprises(source, url: str) -> None:
    """Copy the generated enterprises of a SQLite bench database into PostgreSQL (COPY);
    region ids follow their codes, industries are matched by code. Skipped when done."""
    import sqlite3

    import psycopg

    src = sqlite3.connect(source)
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as pg:
        if pg.execute("SELECT EXISTS (SELECT 1 FROM enterprises_enterprise)").fetchone()[0]:
            return
        theirs = dict(src.execute("SELECT id, code FROM enterprises_industry"))
        ours = dict(pg.execute("SELECT code, id FROM enterprises_industry").fetchall())
        industry = {i: ours[c] for i, c in theirs.items()}
        columns = [r[1] for r in src.execute("PRAGMA table_info(enterprises_enterprise)")]
        at = columns.index("industry_id")
        cols = ", ".join(columns)
        with pg.cursor().copy(f"COPY enterprises_enterprise ({cols}) FROM STDIN") as copy:
            for row in src.execute(f"SELECT {cols} FROM enterprises_enterprise"):
                row = list(row)
                row[at] = industry[row[at]]
                copy.write_row(row)
        # … and the products they make (products matched by code), which the product
        # indicators count.
        theirs = dict(src.execute("SELECT id, code FROM enterprises_product"))
        ours = dict(pg.execute("SELECT code, id FROM enterprises_product").fetchall())
        cols = "id, enterprise_id, product_id"
        with pg.cursor().copy(f"COPY enterprises_enterpriseproduct ({cols}) FROM STDIN") as copy:
            for i, e, p in src.execute(f"SELECT {cols} FROM enterprises_enterpriseproduct"):
                copy.write_row((i, e, ours[theirs[p]]))
        for name in ("enterprises_enterprise", "enterprises_enterpriseproduct"):
            pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(max(id), 1) FROM {name}))"
            )
        pg.commit()
        pg.autocommit = True
        pg.execute("VACUUM ANALYZE enterprises_enterprise")
        pg.execute("VACUUM ANALYZE enterprises_enterpriseproduct")


_COMPUTE = (
    "import resource; from zhiliang.cli import main; "
    "main(['zhiliang', 'indicators', 'compute']); "
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def measure(env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one full `zhiliang indicators compute`."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _COMPUTE], env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    seconds = time.perf_counter() - started
    kib = next(int(line.split()[1]) for line in out.splitlines() if line.startswith("MAXRSS"))
    return seconds, kib / 1024


# A real change between two recomputes, so that skipping unchanged figures cannot make the
# run fast by itself: one in a hundred of the operating and the deregistered enterprises swap
# those statuses (4,885 of 3,000,000 at province). Every enterprise and product indicator of
# most regions and periods changes; running it again swaps them back.
TOUCH = (
    "UPDATE enterprises_enterprise SET status = CASE status WHEN 'operating' THEN 'cancelled' "
    "ELSE 'operating' END WHERE id % 100 = 0 AND status IN ('operating', 'cancelled')"
)


def touch(engine: str, where: str) -> int:
    """Apply TOUCH to the case's database; returns the enterprises changed."""
    if engine == "postgres":
        import psycopg

        with psycopg.connect(where.replace("postgres://", "postgresql://")) as pg:
            changed = pg.execute(TOUCH).rowcount
            pg.commit()
            pg.autocommit = True
            pg.execute("ANALYZE enterprises_enterprise")
            return changed
    import sqlite3

    with sqlite3.connect(where) as db:
        return db.execute(TOUCH).rowcount


def run_case(engine: str, scale: str, prefix: str) -> list:
    import json

    from benchmarks.indicators_reference import reference

    env, where = prepare(engine, scale, prefix)
    best = None
    for _ in range(RUNS):
        seconds, mib = measure(env)
        best = (seconds, mib) if best is None or seconds < best[0] else best
    touched = touch(engine, where)
    changed, changed_mib = measure(env)  # checked by the reference below: the last compute
    probe = json.loads(
        _zl("shell", "-v", "0", "-c", _PROBE, env=env, capture=True).stdout.strip().splitlines()[-1]
    )
    seconds, mib = best[0], max(best[1], changed_mib)
    ref = reference(engine, where, BENCH_HOME / f"reference-{engine}-{scale}")
    # The goal holds for a recompute after a change too, not only for one where nothing did.
    ratio = max(seconds, changed) / ref["duckdb"]
    ok = max(seconds, changed) <= GOAL_SECONDS and ratio <= GOAL_RATIO and mib < GOAL_MIB
    row = [
        engine,
        scale,
        f"{probe['enterprises']:,}",
        f"{probe['values']:,}",
        f"{seconds:.1f}",
        f"{changed:.1f}",
        f"{mib:.0f}",
        f"{ref['duckdb']:.1f}",
        f"{ratio:.1f}×",
        f"{ref['transfer']:.1f}",
        f"all {ref['figures']:,} equal",
        "ok" if ok else ("—" if engine == "sqlite" or scale != "province" else "MISSED"),
    ]
    print(
        " | ".join(row),
        "—",
        probe["message"],
        f"— {touched:,} enterprises touched before the last run — load",
        load(),
        flush=True,
    )
    return row


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--scale", choices=("district", "city", "province", "both"), default="both")
    parser.add_argument("--pg-prefix", default="zhiliang_bench_ind")
    parser.add_argument("--case", help="internal: run one engine:scale case", default=None)
    args = parser.parse_args()
    if args.case:  # one case per process, so that peak RSS is that case's alone
        engine, scale = args.case.split(":")
        print("ROW\t" + "\t".join(run_case(engine, scale, args.pg_prefix)), flush=True)
        return
    engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
    scales = ("city", "province") if args.scale == "both" else (args.scale,)
    rows = []
    for scale in scales:
        for engine in engines:
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.indicators_compute",
                    "--case",
                    f"{engine}:{scale}",
                    "--pg-prefix",
                    args.pg_prefix,
                ],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
            for line in out.splitlines():
                if line.startswith("ROW\t"):
                    rows.append(line.split("\t")[1:])
                else:
                    print(line, flush=True)
    print(
        f"\nindicators_compute — {date.today()} — {machine()}; load average {load()}; "
        f"full recompute, best of {RUNS} with nothing changed, then one after a change (TOUCH: "
        "1 in 100 operating or deregistered enterprises swap status; the ratio uses the slower); "
        f"goal (PostgreSQL, province): ≤ {GOAL_SECONDS} s and "
        f"≤ {GOAL_RATIO}× DuckDB, < {GOAL_MIB} MiB; DuckDB s: its computation alone (2 "
        "threads), copy-out s: the tables copied out of the database and read into it\n"
    )
    headers = [
        "engine",
        "scale",
        "enterprises",
        "values",
        "seconds",
        "after a change s",
        "peak RSS MiB",
        "DuckDB s",
        "engine ÷ DuckDB",
        "copy-out s",
        "figures",
        "goal",
    ]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
