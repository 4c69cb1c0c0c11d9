"""Full recompute of every indicator (`zhiliang indicators compute`) at city and province scale.

    python -m benchmarks.indicators_compute [--engine sqlite|postgres|both]
                                             [--scale city|province|both]

Data: `zhiliang generate --scale …` into $ZHILIANG_BENCH_HOME/indicators-<engine>-<scale>
(PostgreSQL: the database zhiliang_bench_ind_<scale>, created if missing); a second run reuses
it. Only the enterprise registry is generated at these scales, so the figures are the
enterprise indicators (the other sources are empty and cost one query each). The compute
runs in a child process: its wall time and peak memory (RSS of the Python process; the
database server's own memory is not counted) are measured, twice, and the better kept.
Goal: province scale under 60 s on PostgreSQL with peak memory under 1 GB.
"""

import argparse
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

GOAL_SECONDS = 60
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


def prepare(engine: str, scale: str) -> dict:
    home = BENCH_HOME / f"indicators-{engine}-{scale}"
    url = None
    if engine == "postgres":
        name = f"zhiliang_bench_ind_{scale}"
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
    return env


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
        pg.execute(
            "SELECT setval(pg_get_serial_sequence('enterprises_enterprise', 'id'), "
            "(SELECT max(id) FROM enterprises_enterprise))"
        )
        pg.commit()
        pg.autocommit = True
        pg.execute("VACUUM ANALYZE enterprises_enterprise")


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


def run_case(engine: str, scale: str) -> list:
    import json

    env = prepare(engine, scale)
    best = None
    for _ in range(RUNS):
        seconds, mib = measure(env)
        best = (seconds, mib) if best is None or seconds < best[0] else best
    probe = json.loads(
        _zl("shell", "-v", "0", "-c", _PROBE, env=env, capture=True).stdout.strip().splitlines()[-1]
    )
    seconds, mib = best
    ok = seconds < GOAL_SECONDS and mib < GOAL_MIB
    row = [
        engine,
        scale,
        f"{probe['enterprises']:,}",
        f"{probe['values']:,}",
        f"{seconds:.1f}",
        f"{mib:.0f}",
        "ok" if ok or engine == "sqlite" else "MISSED",
    ]
    print(" | ".join(row), "—", probe["message"], flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--scale", choices=("city", "province", "both"), default="both")
    parser.add_argument("--case", help="internal: run one engine:scale case", default=None)
    args = parser.parse_args()
    if args.case:  # one case per process, so that peak RSS is that case's alone
        engine, scale = args.case.split(":")
        print("ROW\t" + "\t".join(run_case(engine, scale)), flush=True)
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
        f"\nindicators_compute — {date.today()} — {machine()}; full recompute, best of {RUNS}; "
        f"goal (PostgreSQL, province): < {GOAL_SECONDS} s, < {GOAL_MIB} MiB\n"
    )
    headers = ["engine", "scale", "enterprises", "values", "seconds", "peak RSS MiB", "goal"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
