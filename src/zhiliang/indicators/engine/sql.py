"""The engine's SQL plumbing: statements, temporary working tables, session, write turns."""

from django.db import DatabaseError, connection, transaction

from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import SCALES
from zhiliang.indicators.engine.sources import Source


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _exists(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
        return cursor.fetchone() is not None


def _analyze(table: str, *columns: str) -> str:
    """ANALYZE of a working table: on PostgreSQL only of the columns its joins use (the
    sample of a wide table's every column cost 0.4 s at province scale; the row count comes
    anyway). SQLite analyses indexes, not columns."""
    if columns and connection.vendor == "postgresql":
        return f"ANALYZE {table} ({', '.join(columns)})"
    return f"ANALYZE {table}"


def _executemany(sql: str, rows: list) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


TEMP_TABLES = (
    "ind_period",
    "ind_pmap",
    "ind_slot",
    "ind_meta",
    "ind_month",
    "ind_anc",
    "ind_g",
    "ind_r",
    "ind_ru",
    "ind_m",
    "ind_rows",
    "ind_w",
    "ind_acc",
    "ind_out",
    "ind_diff",
    "ind_blk",
    "ind_old",
)


def _drop_temp() -> None:
    for name in TEMP_TABLES:
        _execute(f"DROP TABLE IF EXISTS {name}")


# PostgreSQL settings for this connection while computing: JIT compiles each of these
# wide aggregates anew (seconds per query, even on an empty table), and the grouping of a
# registry wants memory rather than sorting on disk.
PG_SESSION = {"jit": "off", "work_mem": "128MB"}


# Temporary tables live in the session's own buffers, 8 MB by default: at province scale the
# working tables (hundreds of MB) went to disk and back on every scan. The setting can only be
# changed before the session first touches a temporary table, so it is tried (a session that
# already did keeps its size) and never reset.
TEMP_BUFFERS = "256MB"


def _temp_buffers() -> None:
    try:
        with transaction.atomic():  # a savepoint: the refusal does not abort a transaction
            _execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")
    except DatabaseError:
        pass


def _session(*, tuning: bool) -> None:
    if connection.vendor != "postgresql":
        return
    if tuning:
        _temp_buffers()
    for name, value in PG_SESSION.items():
        if tuning:
            _execute(f"SET {name} = '{value}'")
        else:
            _execute(f"RESET {name}")


# Two recomputes at once (the daily job and a user's run) would each find a figure missing
# and both insert it; the second would then fail on the unique index. Their writes take
# turns instead: the later one sees what the earlier committed. SQLite has one writer anyway.
WRITE_LOCK = 0x7A4C_1D1C  # any constant: the key of PostgreSQL's advisory lock


def _write_turn() -> None:
    if connection.vendor == "postgresql":
        _execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])


def _create_temp(periods: list[P.Period], sources: list[Source], indicators) -> None:
    _drop_temp()
    _execute(
        "CREATE TEMPORARY TABLE ind_period (code VARCHAR(9) PRIMARY KEY, kind VARCHAR(8), "
        "sm INTEGER, em INTEGER, starts DATE, ends DATE)"
    )
    _executemany(
        "INSERT INTO ind_period VALUES (%s, %s, %s, %s, %s, %s)",
        [(p.code, p.kind, p.start_month, p.end_month, p.start, p.end) for p in periods],
    )
    # Month → every period containing it (flow sources join on it by equality).
    _execute("CREATE TEMPORARY TABLE ind_pmap (m INTEGER, code VARCHAR(9))")
    _executemany(
        "INSERT INTO ind_pmap VALUES (%s, %s)",
        [(m, p.code) for p in periods for m in range(p.start_month, p.end_month + 1)],
    )
    # Every month of the periods, in order: stocks are running sums over them.
    lo, hi = min(p.start_month for p in periods), max(p.end_month for p in periods)
    _execute("CREATE TEMPORARY TABLE ind_month (m INTEGER PRIMARY KEY)")
    _executemany("INSERT INTO ind_month VALUES (%s)", [(m,) for m in range(lo, hi + 1)])
    # Region → itself and each of its ancestors: one join rolls every figure up.
    region = _q("core_region")
    _execute(
        "CREATE TEMPORARY TABLE ind_anc AS WITH RECURSIVE a (r, up) AS ("
        f"SELECT id, id FROM {region} UNION ALL "
        f"SELECT a.r, g.parent_id FROM a JOIN {region} g ON g.id = a.up "
        "WHERE g.parent_id IS NOT NULL) SELECT r, up FROM a"
    )
    _execute("CREATE INDEX ind_anc_r ON ind_anc (r)")
    _execute("ANALYZE ind_anc")
    # Per source, each indicator with a part there: which column holds its numerator and
    # which its denominator (NULL: that part comes from another source, or there is none),
    # and whether all its parts are there (whole: its figure is final at that source).
    _execute(
        "CREATE TEMPORARY TABLE ind_slot (src INTEGER, indicator_id BIGINT, nidx INTEGER, "
        "didx INTEGER, whole INTEGER)"
    )
    slots = {}
    for n, src in enumerate(sources):
        for i, s in enumerate(src.slots):
            slots.setdefault((n, s.indicator_id), {"n": None, "d": None})[s.part] = i
    places = {}
    for _n, ind in slots:
        places[ind] = places.get(ind, 0) + 1
    _executemany(
        "INSERT INTO ind_slot VALUES (%s, %s, %s, %s, %s)",
        [(n, ind, p["n"], p["d"], int(places[ind] == 1)) for (n, ind), p in slots.items()],
    )
    _execute(
        "CREATE TEMPORARY TABLE ind_meta (indicator_id BIGINT PRIMARY KEY, has_den INTEGER, "
        "scale NUMERIC(10, 1))"
    )
    _executemany(
        "INSERT INTO ind_meta VALUES (%s, %s, %s)",
        [(i.id, int(i.is_rate), SCALES.get(i.unit, 1)) for i in indicators],
    )
    # Their sizes, so that the unpivot's joins are planned around them (unanalysed, a
    # source's slots count as one row, and the regions × periods were rescanned per slot).
    for name in ("ind_period", "ind_pmap", "ind_month", "ind_slot", "ind_meta"):
        _execute(f"ANALYZE {name}")
    _execute(
        "CREATE TEMPORARY TABLE ind_acc (indicator_id BIGINT, region_id BIGINT, "
        "period VARCHAR(9), num NUMERIC(24, 4), den NUMERIC(24, 4))"
    )
    _execute(
        "CREATE TEMPORARY TABLE ind_out (indicator_id BIGINT, region_id BIGINT, "
        "period VARCHAR(9), numerator NUMERIC(24, 4), denominator NUMERIC(24, 4), "
        "value NUMERIC(24, 4))"
    )
