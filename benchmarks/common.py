"""What every benchmark needs: a private ZHILIANG_HOME, Django, timings and tables."""

import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_HOME = Path(os.environ.get("ZHILIANG_BENCH_HOME", "/tmp/zhiliang-bench"))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_URL = "postgres://postgres@127.0.0.1:5432/zhiliang_bench"


def environment(home: Path, database_url: str | None = None) -> dict:
    """The environment for a Django process working in `home`."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ZHILIANG_HOME": str(home), "DJANGO_SETTINGS_MODULE": "zhiliang.settings"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def django_setup(home: Path, database_url: str | None = None) -> None:
    """Configure Django in this process; call before importing any model."""
    os.environ.update(environment(home, database_url))
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def zhiliang(*args: str, env: dict, quiet: bool = False) -> None:
    """Run a `zhiliang` command in a child process."""
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "-m", "zhiliang", *args], env=env, check=True, stdout=out)


def pg_create_database(name: str = "zhiliang_bench") -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table, readable in a terminal and pasteable into docs/performance.md."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values):
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def machine() -> str:
    cpu = "unknown"
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
        mem = next(
            int(t.split()[1]) // 1024**2
            for t in Path("/proc/meminfo").read_text().splitlines()
            if t.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem} GiB RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
