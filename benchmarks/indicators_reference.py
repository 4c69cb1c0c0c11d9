"""An independent reference for the indicator recompute: the same figures in DuckDB.

The registry tables the benchmark generates (regions, industries, enterprises, the products
they make, the standards declared and adopted for them) are copied out of the benchmark's
database as CSV (PostgreSQL: COPY … TO STDOUT; SQLite: the sqlite3 module) and read into an
in-memory DuckDB. There, hand-written SQL — sharing nothing with the engine but the period
calendar — computes every figure the engine writes for them: each indicator, each region
the registry places a row in and every ancestor of it, each period. Then every figure is
compared with the stored `indicators_indicatorvalue` rows, both ways (a figure missing on
either side is a difference too); any difference fails the benchmark.

Times are kept apart: `transfer` (copy out and read into DuckDB), `duckdb` (the
computation alone), `compare`.
"""

import csv
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from zhiliang.indicators import periods as P

TIME_ZONE = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE: "today" as the engine sees it
ALIVE = "e.status IN ('active', 'operating')"
SECTIONS = "ABCDEFGHIJKLMNOPQRST"

# What is copied out: name → SELECT (the same on both engines).
EXPORTS = {
    "region": "SELECT id, parent_id FROM core_region",
    "industry": "SELECT id, parent_id, code FROM enterprises_industry",
    "ent": (
        "SELECT id, region_id, established_on, status, size_class, industry_id, "
        "chief_quality_officer FROM enterprises_enterprise"
    ),
    "product": (
        "SELECT id, CASE WHEN requires_ccc THEN 1 ELSE 0 END AS ccc, "
        "CASE WHEN requires_licence THEN 1 ELSE 0 END AS licence FROM enterprises_product"
    ),
    "link": "SELECT id, enterprise_id, product_id FROM enterprises_enterpriseproduct",
    "applied": "SELECT made_id, declared_on FROM standards_enterprisestandard",
    "adoption": "SELECT made_id, degree FROM standards_adoption",
    "stored": (
        "SELECT i.code, v.region_id, v.period, v.numerator, v.denominator, v.value "
        "FROM indicators_indicatorvalue v JOIN indicators_indicator i ON i.id = v.indicator_id "
        "WHERE v.source = 'computed'"
    ),
}
# Numerators the benchmark's data leaves empty: the reference counts them as 0, and checks.
EMPTY = ("licensing_certificate", "infrastructure_training")

# (code, numerator column, denominator column or None, scale) of the enterprise source …
ENTERPRISE = [
    ("enterprise.count", "alive", None, 1),
    ("enterprise.cqo_share", "cqo", "alive", 100),
    *[(f"enterprise.count.size.{s}", s, None, 1) for s in ("large", "medium", "small", "micro")],
    *[(f"enterprise.count.section.{c.lower()}", f"sec_{c}", None, 1) for c in SECTIONS],
    ("infrastructure.cqo_training_rate", "zero", "big", 100),  # trainings: none generated
]
# … and of the products enterprises make (certificates: none generated).
PRODUCTS = [
    ("standards.coverage_rate", "declared", "alive", 100),
    ("standards.adoption_rate", "adopted", "big", 100),
    ("licensing.ccc_rate", "zero", "ccc_makers", 100),
    ("licensing.licence_rate", "zero", "licence_makers", 100),
]


def expected_periods(earliest: date | None, today: date) -> list[P.Period]:
    """The default recompute's periods: from the earliest establishment (no earlier than
    1 January three years back) to today, every kind."""
    first = max(earliest, date(today.year - 3, 1, 1)) if earliest else date(today.year, 1, 1)
    return P.started_by(P.periods_between(first, today), today)


def _export(engine: str, where: str, folder: Path) -> dict[str, int]:
    """Each EXPORTS query → folder/<name>.csv; returns the row counts of EMPTY tables."""
    folder.mkdir(parents=True, exist_ok=True)
    if engine == "postgres":
        import psycopg

        with psycopg.connect(where.replace("postgres://", "postgresql://")) as pg:
            for name, sql in EXPORTS.items():
                query = f"COPY ({sql}) TO STDOUT WITH CSV HEADER"
                with open(folder / f"{name}.csv", "wb") as fh, pg.cursor().copy(query) as copy:
                    for block in copy:
                        fh.write(block)
            return {t: pg.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in EMPTY}
    db = sqlite3.connect(where)
    try:
        for name, sql in EXPORTS.items():
            cursor = db.execute(sql)
            with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
                out = csv.writer(fh)
                out.writerow([d[0] for d in cursor.description])
                while rows := cursor.fetchmany(50_000):
                    out.writerows(rows)
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in EMPTY}
    finally:
        db.close()


def _read(duck, folder: Path) -> None:
    types = {
        "region": {"id": "BIGINT", "parent_id": "BIGINT"},
        "industry": {"id": "BIGINT", "parent_id": "BIGINT", "code": "VARCHAR"},
        "ent": {
            "id": "BIGINT",
            "region_id": "BIGINT",
            "established_on": "DATE",
            "status": "VARCHAR",
            "size_class": "VARCHAR",
            "industry_id": "BIGINT",
            "chief_quality_officer": "VARCHAR",
        },
        "product": {"id": "BIGINT", "ccc": "INTEGER", "licence": "INTEGER"},
        "link": {"id": "BIGINT", "enterprise_id": "BIGINT", "product_id": "BIGINT"},
        "applied": {"made_id": "BIGINT", "declared_on": "DATE"},
        "adoption": {"made_id": "BIGINT", "degree": "VARCHAR"},
        "stored": {
            "code": "VARCHAR",
            "region_id": "BIGINT",
            "period": "VARCHAR",
            "numerator": "DECIMAL(20,4)",
            "denominator": "DECIMAL(20,4)",
            "value": "DECIMAL(20,4)",
        },
    }
    for name, columns in types.items():
        duck.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = true, columns = ?)",
            [str(folder / f"{name}.csv"), columns],
        )


def _compute(duck, periods: list[P.Period]) -> None:
    """ref(code, region_id, period, num, den, v4): v4 is the value × 10,000, rounded half
    away from zero (numeric ROUND), NULL for a rate over nothing."""
    duck.execute("CREATE TABLE per (code VARCHAR, em INTEGER)")
    duck.executemany("INSERT INTO per VALUES (?, ?)", [(p.code, p.end_month) for p in periods])
    first = min(p.start_month for p in periods)
    # Every region with its ancestors, itself included.
    duck.execute(
        "CREATE TABLE anc AS WITH RECURSIVE a(r, up) AS ("
        "SELECT id, id FROM region UNION ALL "
        "SELECT a.r, g.parent_id FROM a JOIN region g ON g.id = a.up "
        "WHERE g.parent_id IS NOT NULL) SELECT r, up FROM a"
    )
    month = f"GREATEST(year(e.established_on) * 12 + month(e.established_on) - 1, {first})"
    sections = ", ".join(
        f"COUNT(*) FILTER ({ALIVE} AND s.code = '{c}') AS sec_{c}" for c in SECTIONS
    )
    sizes = ", ".join(
        f"COUNT(*) FILTER ({ALIVE} AND e.size_class = '{s}') AS {s}"
        for s in ("large", "medium", "small", "micro")
    )
    big = "e.size_class IN ('large', 'medium')"
    # Enterprises in stock at a period's end: established by its last month. Grouped by
    # lowest region and month of establishment first (earlier months: the first one).
    duck.execute(
        f"CREATE TABLE eg AS SELECT e.region_id AS r, {month} AS m, "
        f"COUNT(*) FILTER ({ALIVE}) AS alive, "
        f"COUNT(*) FILTER ({ALIVE} AND COALESCE(e.chief_quality_officer, '') <> '') AS cqo, "
        f"COUNT(*) FILTER ({ALIVE} AND {big}) AS big, 0 AS zero, {sizes}, {sections} "
        "FROM ent e LEFT JOIN industry i ON i.id = e.industry_id "
        "LEFT JOIN industry s ON s.id = i.parent_id WHERE e.region_id IS NOT NULL GROUP BY 1, 2"
    )
    # A product made counts once (EXISTS, not a join that repeats it); a maker once: each
    # enterprise has one region and one month, so its distinct count adds up over them.
    duck.execute(
        f"CREATE TABLE pg AS SELECT e.region_id AS r, {month} AS m, "
        f"COUNT(*) FILTER ({ALIVE}) AS alive, "
        f"COUNT(*) FILTER ({ALIVE} AND EXISTS (SELECT 1 FROM applied x WHERE x.made_id = l.id "
        "AND x.declared_on IS NOT NULL)) AS declared, "
        f"COUNT(*) FILTER ({ALIVE} AND {big}) AS big, "
        f"COUNT(*) FILTER ({ALIVE} AND {big} AND EXISTS (SELECT 1 FROM adoption x "
        "WHERE x.made_id = l.id AND x.degree IN ('IDT', 'MOD'))) AS adopted, "
        f"COUNT(DISTINCT e.id) FILTER ({ALIVE} AND p.ccc = 1) AS ccc_makers, "
        f"COUNT(DISTINCT e.id) FILTER ({ALIVE} AND p.licence = 1) AS licence_makers, 0 AS zero "
        "FROM link l JOIN ent e ON e.id = l.enterprise_id JOIN product p ON p.id = l.product_id "
        "WHERE e.region_id IS NOT NULL GROUP BY 1, 2"
    )
    parts = []
    for table, indicators in (("eg", ENTERPRISE), ("pg", PRODUCTS)):
        columns = sorted({c for _code, n, d, _s in indicators for c in (n, d) if c})
        sums = ", ".join(f"COALESCE(SUM(g.{c}), 0) AS {c}" for c in columns)
        # Every region holding a row (and its ancestors) has every period, zeros included.
        duck.execute(
            f"CREATE TABLE {table}_w AS SELECT k.up AS r, p.code AS period, {sums} "
            f"FROM (SELECT DISTINCT a.up, a.r FROM (SELECT DISTINCT r FROM {table}) x "
            "JOIN anc a ON a.r = x.r) k CROSS JOIN per p "
            f"LEFT JOIN {table} g ON g.r = k.r AND g.m <= p.em GROUP BY k.up, p.code"
        )
        for code, n, d, scale in indicators:
            if d is None:
                parts.append(
                    f"SELECT '{code}' AS code, r, period, {n} AS num, NULL AS den, "
                    f"CAST({n} AS HUGEINT) * 10000 AS v4 FROM {table}_w"
                )
            else:
                v4 = (
                    f"CASE WHEN {d} = 0 THEN NULL ELSE "
                    f"(CAST({n} AS HUGEINT) * {scale} * 20000 + {d}) // (2 * {d}) END"
                )
                parts.append(
                    f"SELECT '{code}' AS code, r, period, {n} AS num, {d} AS den, {v4} AS v4 "
                    f"FROM {table}_w"
                )
    duck.execute("CREATE TABLE ref AS " + " UNION ALL ".join(parts))


def _compare(duck) -> tuple[int, int, list]:
    """(figures compared, differences, the first differences)."""
    diff = (
        "FROM ref FULL JOIN stored s ON s.code = ref.code AND s.region_id = ref.r "
        "AND s.period = ref.period WHERE ref.code IS NULL OR s.code IS NULL "
        "OR s.numerator <> ref.num OR s.denominator IS DISTINCT FROM ref.den "
        "OR CAST(s.value * 10000 AS HUGEINT) IS DISTINCT FROM ref.v4"
    )
    n = duck.execute("SELECT COUNT(*) FROM ref").fetchone()[0]
    bad = duck.execute(f"SELECT COUNT(*) {diff}").fetchone()[0]
    first = duck.execute(
        "SELECT COALESCE(ref.code, s.code), COALESCE(ref.r, s.region_id), "
        "COALESCE(ref.period, s.period), ref.num, s.numerator, ref.den, s.denominator, "
        f"ref.v4, s.value {diff} ORDER BY 1, 2, 3 LIMIT 10"
    ).fetchall()
    return n, bad, first


def reference(engine: str, where: str, folder: Path) -> dict:
    """Copy out, compute in DuckDB, compare. `where`: the database URL or SQLite file.
    Raises AssertionError naming the first differences."""
    import duckdb

    started = time.perf_counter()
    empty = _export(engine, where, folder)
    assert not any(empty.values()), f"the reference counts these as empty: {empty}"
    duck = duckdb.connect()
    duck.execute("SET threads = 2")
    duck.execute("SET enable_progress_bar = false")
    duck.execute("SET memory_limit = '1GB'")
    _read(duck, folder)
    transfer = time.perf_counter() - started
    earliest = duck.execute("SELECT MIN(established_on) FROM ent").fetchone()[0]
    periods = expected_periods(earliest, datetime.now(TIME_ZONE).date())
    started = time.perf_counter()
    _compute(duck, periods)
    computed = time.perf_counter() - started
    started = time.perf_counter()
    n, bad, first = _compare(duck)
    compared = time.perf_counter() - started
    duck.close()
    if bad:
        lines = "\n".join(str(row) for row in first)
        raise AssertionError(
            f"{bad:,} of {n:,} figures differ from the DuckDB reference "
            f"(code, region, period, ref num, stored num, ref den, stored den, ref value×10⁴, "
            f"stored value):\n{lines}"
        )
    return {"figures": n, "transfer": transfer, "duckdb": computed, "compare": compared}
