"""Where one indicator recompute spends its time: every SQL statement of the engine, timed.

    DATABASE_URL=… ZHILIANG_HOME=… python -m benchmarks.indicators_profile [--top 15]
        [--explain "FROM ind_out o WHERE"]

Runs `engine.compute()` once on the configured database (it rewrites the figures, as a
recompute does) and prints the slowest statements; `--explain TEXT` prints the executed
plan (EXPLAIN ANALYZE, PostgreSQL) of the statements containing TEXT.
"""

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--explain", default=None)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiliang.settings")
    import django

    django.setup()
    from django.db import connection

    from zhiliang.indicators import engine
    from zhiliang.indicators.catalogue import catalogue_load
    from zhiliang.indicators.engine import sql, write

    catalogue_load()
    spent: list[tuple[float, str]] = []
    execute = sql._execute

    def timed(statement, params=()):
        started = time.perf_counter()
        if args.explain and args.explain in statement:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
                print("\n".join(row[0] for row in cursor.fetchall()))
                result = 0
        else:
            result = execute(statement, params)
        spent.append((time.perf_counter() - started, statement[:140]))
        return result

    for module in (sql, engine, write):  # each imported _execute by name
        module._execute = timed
    started = time.perf_counter()
    result = engine.compute()
    total = time.perf_counter() - started
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{result} — {total:.1f} s, {sum(s for s, _ in spent):.1f} s in SQL — load {load}")
    for seconds, statement in sorted(spent, reverse=True)[: args.top]:
        print(f"{seconds:6.2f}  {statement}")


if __name__ == "__main__":
    main()
