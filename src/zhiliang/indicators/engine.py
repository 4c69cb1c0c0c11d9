"""The indicator engine: every computed indicator, every region, every period, in the database.

For each source — the (model, region path, date field, period mode, end field) that
indicator parts share — ONE grouped query with conditional aggregates computes every part of
that source at once, grouped by the lowest region and by month (the month a row falls in;
for a stock also the month it leaves). Periods are whole months, so the months then add up to
each period by an equality join (flow) or by "entered by the period's last month and not left
by it" (stock). Regions roll up level by level through core.Region.parent (township → county
→ city → province): numerators and denominators are summed, so every rate is exact. The new
figures of the recomputed periods replace the old ones by set operations (insert new, update
changed, delete gone, leave equal ones alone).

`count_distinct` parts are not additive over months, so their source is grouped by region
and period directly (rows joined to the periods they fall in). Distinctness holds within the
lowest region; parents sum their children, exact when each counted value belongs to one
region (an enterprise, a unit).

Working tables are temporary tables of the connection; nothing is read into Python but
the catalogue.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Case, Count, F, Func, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Cast, Greatest, TruncDate
from django.utils import timezone

from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import SCALES, part_q
from zhiliang.indicators.choices import IndicatorKind, ValueSource
from zhiliang.indicators.models import Indicator, IndicatorValue

# (model, region_field, date_field, period_mode, end_field)
SourceKey = tuple[str, str, str, str, str | None]


class MonthIndex(Func):
    """year × 12 + month − 1 of a date, in SQL, without a per-row Python function."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CAST(EXTRACT(YEAR FROM {sql}) AS INTEGER) * 12 "
            f"+ CAST(EXTRACT(MONTH FROM {sql}) AS INTEGER) - 1)",
            [*params, *params],
        )

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CAST(substr({sql}, 1, 4) AS INTEGER) * 12 "
            f"+ CAST(substr({sql}, 6, 2) AS INTEGER) - 1)",
            [*params, *params],
        )


@dataclass
class Slot:
    indicator_id: int
    part: str  # "n" or "d"
    aggregate: str
    field: str | None
    q: Q


@dataclass
class Source:
    key: SourceKey
    slots: list[Slot] = field(default_factory=list)

    @property
    def model(self):
        return apps.get_model(self.key[0])

    @property
    def stock(self) -> bool:
        return self.key[3] == "stock"

    @property
    def distinct(self) -> bool:
        return any(s.aggregate == "count_distinct" for s in self.slots)


def sources_of(indicators) -> list[Source]:
    """Group the parts of the indicators by the table and placing they read."""
    found: dict[tuple, Source] = {}
    for indicator in indicators:
        for name, part in indicator.parts:
            key = tuple(part[k] for k in ("model", "region_field", "date_field", "period_mode"))
            key = (*key, part.get("end_field"))
            aggregate = part.get("aggregate", "count")
            # count_distinct parts go into a source of their own (grouped by period).
            group = (*key, aggregate == "count_distinct")
            source = found.setdefault(group, Source(key))
            source.slots.append(
                Slot(indicator.id, name[0], aggregate, part.get("field"), part_q(part))
            )
    return list(found.values())


def _is_datetime(model, path: str) -> bool:
    from zhiliang.indicators.catalogue import _resolve_path

    return isinstance(_resolve_path(model, path), models.DateTimeField)


def _bound(is_dt: bool, d: date):
    return timezone.make_aware(datetime.combine(d, dtime.min)) if is_dt else d


def _month_expr(model, path: str):
    return MonthIndex(TruncDate(path) if _is_datetime(model, path) else F(path))


def source_range(source: Source) -> tuple[date | None, date | None]:
    """Earliest and latest date of the source's rows (a stock lasts until today)."""
    model, date_field = source.model, source.key[2]
    row = model._default_manager.aggregate(lo=Min(date_field), hi=Max(date_field))
    lo, hi = row["lo"], row["hi"]
    if isinstance(lo, datetime):
        lo, hi = timezone.localtime(lo).date(), timezone.localtime(hi).date()
    if source.stock and lo is not None:
        hi = timezone.localdate()
    return lo, hi


def default_periods(sources: list[Source], today: date | None = None) -> list[P.Period]:
    today = today or timezone.localdate()
    ranges = [source_range(s) for s in sources]
    los = [lo for lo, _hi in ranges if lo]
    his = [hi for _lo, hi in ranges if hi]
    first, last = P.default_window(min(los) if los else None, max(his) if his else None, today)
    return P.started_by(P.periods_between(first, last), today)


# -- SQL helpers -------------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _executemany(sql: str, rows: list) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


TEMP_TABLES = (
    "ind_period",
    "ind_pmap",
    "ind_slot",
    "ind_meta",
    "ind_g",
    "ind_r",
    "ind_rows",
    "ind_w",
    "ind_acc",
    "ind_out",
    "ind_diff",
)


def _drop_temp() -> None:
    for name in TEMP_TABLES:
        _execute(f"DROP TABLE IF EXISTS {name}")


# PostgreSQL settings for this connection while computing: JIT compiles each of these
# wide aggregates anew (seconds per query, even on an empty table), and the grouping of a
# registry wants memory rather than sorting on disk.
PG_SESSION = {"jit": "off", "work_mem": "128MB"}


def _session(*, tuning: bool) -> None:
    if connection.vendor != "postgresql":
        return
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
    # Per source, each indicator with a part there: which column holds its numerator and
    # which its denominator (NULL: that part comes from another source, or there is none).
    _execute(
        "CREATE TEMPORARY TABLE ind_slot (src INTEGER, indicator_id BIGINT, nidx INTEGER, "
        "didx INTEGER)"
    )
    slots = {}
    for n, src in enumerate(sources):
        for i, s in enumerate(src.slots):
            slots.setdefault((n, s.indicator_id), {"n": None, "d": None})[s.part] = i
    _executemany(
        "INSERT INTO ind_slot VALUES (%s, %s, %s, %s)",
        [(n, ind, p["n"], p["d"]) for (n, ind), p in slots.items()],
    )
    _execute(
        "CREATE TEMPORARY TABLE ind_meta (indicator_id BIGINT PRIMARY KEY, has_den INTEGER, "
        "scale NUMERIC(10, 1))"
    )
    _executemany(
        "INSERT INTO ind_meta VALUES (%s, %s, %s)",
        [(i.id, int(i.is_rate), SCALES.get(i.unit, 1)) for i in indicators],
    )
    _execute(
        "CREATE TEMPORARY TABLE ind_acc (indicator_id BIGINT, region_id BIGINT, "
        "period VARCHAR(9), num NUMERIC(24, 4), den NUMERIC(24, 4))"
    )


def _aggregate(slot: Slot):
    q = slot.q or None  # an empty Q() is no condition
    if slot.aggregate == "sum":
        return Sum(slot.field, filter=q)
    if slot.aggregate == "count_distinct":
        return Count(slot.field, filter=q, distinct=True)
    return Count("pk", filter=q)


def _source_queryset(source: Source, periods: list[P.Period]):
    """Every row of the source with r (region id), mi (month in), mo (month out, stocks).

    All rows are kept, so that a region with rows only outside the periods still gets its
    zeros and a one-period recompute gives the figures a full one gives. A flow row outside
    the periods has mi NULL; a stock row's months are clamped to the periods' range (entered
    before it: its first month; not entered by its end, or undated: never in stock).
    """
    model, (_m, region_field, date_field, _mode, end_field) = source.model, source.key
    first = min(p.start for p in periods)
    last_end = max(p.end for p in periods)
    lo, hi = min(p.start_month for p in periods), max(p.end_month for p in periods)
    is_dt = _is_datetime(model, date_field)
    after = {f"{date_field}__lt": _bound(is_dt, last_end + timedelta(days=1))}
    month = _month_expr(model, date_field)
    qs = model._default_manager.all().order_by()
    integer = IntegerField()
    if source.stock:
        month_in = Case(
            When(Q(**after), then=Greatest(month, Value(lo), output_field=integer)),
            default=Value(hi + 1),
            output_field=integer,
        )
        if end_field:
            month_out = Case(
                When(
                    Q(**{f"{end_field}__isnull": False}),
                    then=Greatest(_month_expr(model, end_field), Value(lo), output_field=integer),
                ),
                default=None,
                output_field=integer,
            )
        else:
            month_out = Cast(Value(None), integer)
    else:
        month_in = Case(
            When(Q(**after) & Q(**{f"{date_field}__gte": _bound(is_dt, first)}), then=month),
            default=None,
            output_field=integer,
        )
        month_out = Cast(Value(None), integer)
    return qs.annotate(r=F(region_field), mi=month_in, mo=month_out)


def _grouped_sql(source: Source, periods: list[P.Period]) -> list[tuple[str, list]]:
    """The statements that fill ind_g for a source: its one grouped query, a0…ak per
    (region, month in, month out) — or, for count_distinct sources, per (region, period)."""
    qs = _source_queryset(source, periods)
    if not source.distinct:
        aggs = {f"a{i}": _aggregate(s) for i, s in enumerate(source.slots)}
        sql, params = qs.values("r", "mi", "mo").annotate(**aggs).query.sql_with_params()
        return [
            (f"CREATE TEMPORARY TABLE ind_g AS {sql}", list(params)),
            ("CREATE TEMPORARY TABLE ind_r AS SELECT DISTINCT r FROM ind_g", []),
        ]
    # Distinct counts do not add up over months: keep each row's counted values (once per
    # region and months), then count them per region and period end.
    cases = {
        f"v{i}": models.Case(models.When(s.q, then=F(s.field)), default=None) if s.q else F(s.field)
        for i, s in enumerate(source.slots)
    }
    rows = qs.annotate(**cases).values("r", "mi", "mo", *cases).distinct()
    sql, params = rows.query.sql_with_params()
    k = len(source.slots)
    cols = ", ".join(f"COUNT(DISTINCT x.v{i}) AS a{i}" for i in range(k))
    if source.stock:
        # A value is in stock at a period's end when one of its intervals [mi, mo) covers
        # the end's month. Merging each value's overlapping intervals into islands (gaps and
        # islands, by window functions) leaves disjoint intervals per value: counting the
        # islands that cover a month counts the distinct values, and islands add up like
        # the rows of an ordinary stock.
        islands = " UNION ALL ".join(_islands_sql(i) for i in range(k))
        slots = ", ".join(
            f"SUM(CASE WHEN u.slot = {i} THEN 1 ELSE 0 END) AS a{i}" for i in range(k)
        )
        grouped = (
            f"CREATE TEMPORARY TABLE ind_g AS SELECT u.r AS r, u.mi AS mi, u.mo AS mo, {slots} "
            f"FROM ({islands}) u GROUP BY u.r, u.mi, u.mo"
        )
    else:
        grouped = (
            f"CREATE TEMPORARY TABLE ind_g AS SELECT x.r AS r, p.code AS code, {cols} "
            "FROM ind_rows x JOIN ind_pmap p ON p.m = x.mi GROUP BY x.r, p.code"
        )
    return [
        ("DROP TABLE IF EXISTS ind_rows", []),
        (f"CREATE TEMPORARY TABLE ind_rows AS {sql}", list(params)),
        ("CREATE TEMPORARY TABLE ind_r AS SELECT DISTINCT r FROM ind_rows", []),
        (grouped, []),
        ("DROP TABLE IF EXISTS ind_rows", []),
    ]


# Larger than any month index: stands for "never leaves".
NEVER = 10**7


def _islands_sql(i: int) -> str:
    """Slot i's values merged into disjoint intervals per (region, value): (slot, r, mi, mo)."""
    order = f"ORDER BY x.mi, COALESCE(x.mo, {NEVER})"
    prev_end = (
        f"MAX(COALESCE(x.mo, {NEVER})) OVER (PARTITION BY x.r, x.v{i} {order} "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
    )
    rows = (
        f"SELECT x.r AS r, x.v{i} AS v, x.mi AS mi, x.mo AS mo, {prev_end} AS prev_end "
        f"FROM ind_rows x WHERE x.v{i} IS NOT NULL"
    )
    numbered = (
        "SELECT y.r AS r, y.v AS v, y.mi AS mi, y.mo AS mo, "
        "SUM(CASE WHEN y.prev_end IS NOT NULL AND y.mi > y.prev_end THEN 1 ELSE 0 END) "
        f"OVER (PARTITION BY y.r, y.v ORDER BY y.mi, COALESCE(y.mo, {NEVER}) "
        f"ROWS UNBOUNDED PRECEDING) AS island FROM ({rows}) y"
    )
    return (
        f"SELECT {i} AS slot, z.r AS r, MIN(z.mi) AS mi, "
        f"NULLIF(MAX(COALESCE(z.mo, {NEVER})), {NEVER}) AS mo "
        f"FROM ({numbered}) z GROUP BY z.r, z.v, z.island"
    )


def _spread_sql(source: Source, n: int) -> list[str]:
    """ind_g → ind_w (wide: one column per part, per region and period), rolled up to the
    province, then → ind_acc (one row per indicator, region and period)."""
    k = len(source.slots)
    sums = ", ".join(f"SUM(g.a{i}) AS a{i}" for i in range(k))
    if source.distinct and not source.stock:  # already per period
        per_period = (
            "SELECT g.r AS r, g.code AS code, "
            + ", ".join(f"g.a{i} AS a{i}" for i in range(k))
            + " FROM ind_g g"
        )
    elif source.stock:
        per_period = (
            f"SELECT g.r AS r, p.code AS code, {sums} FROM ind_g g "
            "JOIN ind_period p ON g.mi <= p.em AND (g.mo IS NULL OR g.mo > p.em) "
            "GROUP BY g.r, p.code"
        )
    else:
        per_period = (
            f"SELECT g.r AS r, p.code AS code, {sums} FROM ind_g g "
            "JOIN ind_pmap p ON p.m = g.mi GROUP BY g.r, p.code"
        )
    # Every region the source has rows for gets every period, zero where nothing falls in it
    # (a township without failures has 0 failures, not no figure).
    zeros = ", ".join("0" for _i in range(k))
    filled = ", ".join(f"SUM(u.a{i}) AS a{i}" for i in range(k))
    region = _q("core_region")
    statements = [
        "DROP TABLE IF EXISTS ind_w",
        f"CREATE TEMPORARY TABLE ind_w AS SELECT u.r AS r, u.code AS code, reg.level AS lvl, "
        f"{filled} FROM ({per_period} UNION ALL "
        f"SELECT rr.r, p.code, {zeros} FROM ind_r rr CROSS JOIN ind_period p) u "
        f"JOIN {region} reg ON reg.id = u.r GROUP BY u.r, u.code, reg.level",
    ]
    # Parents are the sums of their children, level by level (4 township … 1 province); a
    # parent may also hold rows of its own (a county's enterprises without a township).
    cols = ", ".join(f"a{i}" for i in range(k))
    wsums = ", ".join(f"SUM(w.a{i})" for i in range(k))
    for level in (4, 3, 2):
        statements.append(
            f"INSERT INTO ind_w (r, code, lvl, {cols}) "
            f"SELECT reg.parent_id, w.code, {level - 1}, {wsums} FROM ind_w w "
            f"JOIN {region} reg ON reg.id = w.r "
            f"WHERE w.lvl = {level} AND reg.parent_id IS NOT NULL "
            "GROUP BY reg.parent_id, w.code"
        )

    def pick(column: str) -> str:
        whens = " ".join(f"WHEN {i} THEN w.a{i}" for i in range(k))
        return f"CASE s.{column} {whens} END"

    statements.append(
        "INSERT INTO ind_acc (indicator_id, region_id, period, num, den) "
        f"SELECT s.indicator_id, w.r, w.code, {pick('nidx')}, {pick('didx')} "
        f"FROM ind_w w CROSS JOIN ind_slot s WHERE s.src = {int(n)}"
    )
    return statements


def _write(now) -> int:
    """Replace the computed values of the recomputed indicators and periods by ind_acc.

    Figures that did not change are not rewritten, so a recompute mostly reads; figures no
    longer produced are deleted. `computed_at` is when a
    figure last changed; the runs page says when the indicators were last recomputed.
    Runs inside the caller's transaction.
    """
    _write_turn()
    table = _q(IndicatorValue._meta.db_table)
    num = "COALESCE(SUM(a.num), 0)"
    den = "CASE WHEN m.has_den = 1 THEN COALESCE(SUM(a.den), 0) END"
    value = (
        f"CASE WHEN m.has_den = 0 THEN {num} "
        f"WHEN COALESCE(SUM(a.den), 0) = 0 THEN NULL "
        f"ELSE ROUND({num} * m.scale * 1.0 / SUM(a.den), 4) END"
    )
    _execute("DROP TABLE IF EXISTS ind_out")
    _execute(
        "CREATE TEMPORARY TABLE ind_out AS "
        f"SELECT a.indicator_id AS indicator_id, a.region_id AS region_id, a.period AS period, "
        f"p.kind AS period_kind, p.starts AS period_start, p.ends AS period_end, "
        f"{num} AS numerator, {den} AS denominator, {value} AS value FROM ind_acc a "
        "JOIN ind_period p ON p.code = a.period "
        "JOIN ind_meta m ON m.indicator_id = a.indicator_id "
        "GROUP BY a.indicator_id, a.region_id, a.period, p.kind, p.starts, p.ends, m.has_den, "
        "m.scale"
    )
    # SQLite builds no index for the correlated lookups below on its own.
    _execute("CREATE INDEX ind_out_key ON ind_out (indicator_id, region_id, period)")
    _execute(
        f"DELETE FROM {table} WHERE source = %s "
        "AND indicator_id IN (SELECT indicator_id FROM ind_meta) "
        "AND period IN (SELECT code FROM ind_period) "
        f"AND NOT EXISTS (SELECT 1 FROM ind_out o WHERE o.indicator_id = {table}.indicator_id "
        f"AND o.region_id = {table}.region_id AND o.period = {table}.period)",
        [ValueSource.COMPUTED],
    )
    # Each new figure against the stored one: insert, update, or leave alone. Joins, not
    # an ON CONFLICT per row, which would lock every unchanged row.
    differs = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    changed = " OR ".join(
        f"v.{c} {differs} o.{c}" for c in ("numerator", "denominator", "value", "source")
    )
    _execute("DROP TABLE IF EXISTS ind_diff")
    _execute(
        "CREATE TEMPORARY TABLE ind_diff AS SELECT o.indicator_id AS indicator_id, "
        "o.region_id AS region_id, o.period AS period, o.period_kind AS period_kind, "
        "o.period_start AS period_start, o.period_end AS period_end, "
        "o.numerator AS numerator, o.denominator AS denominator, o.value AS value, "
        f"v.id AS vid, CASE WHEN v.id IS NULL THEN 'i' WHEN {changed} THEN 'u' ELSE '=' END "
        "AS op FROM (SELECT ind_out.*, %s AS source FROM ind_out) o "
        f"LEFT JOIN {table} v ON v.indicator_id = o.indicator_id "
        "AND v.region_id = o.region_id AND v.period = o.period",
        [ValueSource.COMPUTED],
    )
    if connection.vendor == "postgresql":
        # Temporary tables get no statistics by themselves, and inside one transaction the
        # values table's are stale: without them the planner loops over every row per row.
        _execute("ANALYZE ind_diff")
        _execute(f"ANALYZE {table}")
        _execute(
            f"UPDATE {table} SET numerator = d.numerator, denominator = d.denominator, "
            "value = d.value, source = %s, computed_at = %s "
            f"FROM ind_diff d WHERE {table}.id = d.vid AND d.op = 'u'",
            [ValueSource.COMPUTED, now],
        )
    else:  # UPDATE … FROM needs SQLite 3.33; this form works on every version
        _execute("CREATE INDEX ind_diff_vid ON ind_diff (vid)")
        pick = "(SELECT d.{c} FROM ind_diff d WHERE d.vid = " + table + ".id)"
        _execute(
            f"UPDATE {table} SET "
            + ", ".join(f"{c} = {pick.format(c=c)}" for c in ("numerator", "denominator", "value"))
            + ", source = %s, computed_at = %s "
            "WHERE id IN (SELECT vid FROM ind_diff WHERE op = 'u')",
            [ValueSource.COMPUTED, now],
        )
    columns = (
        "indicator_id, region_id, period, period_kind, period_start, period_end, numerator, "
        "denominator, value"
    )
    _execute(
        f"INSERT INTO {table} ({columns}, source, computed_at) "
        f"SELECT {columns}, %s, %s FROM ind_diff WHERE op = 'i' "
        # In index order: the unique index grows at its end instead of everywhere.
        "ORDER BY indicator_id, region_id, period",
        [ValueSource.COMPUTED, now],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ind_out")
        return cursor.fetchone()[0]


Progress = Callable[[int, int, str], None]


def compute(
    *,
    periods: list[P.Period] | None = None,
    codes: list[str] | None = None,
    progress: Progress | None = None,
) -> dict:
    """Recompute the computed indicators (all, or `codes`) for `periods` (default: see
    `default_periods`). Returns counts and timings."""
    started = time.monotonic()
    indicators = list(
        Indicator.objects.filter(active=True, kind=IndicatorKind.COMPUTED).order_by("code")
    )
    if codes is not None:
        indicators = [i for i in indicators if i.code in set(codes)]
    sources = sources_of(indicators)
    if periods is None:
        periods = default_periods(sources)
    periods = sorted(set(periods))
    total = len(sources) + 1
    report = progress or (lambda done, total, step: None)
    result = {"indicators": len(indicators), "sources": len(sources), "periods": len(periods)}
    if not indicators or not periods:
        result.update(values=0, seconds=0.0)
        return result
    _session(tuning=True)
    _create_temp(periods, sources, indicators)
    try:
        for n, source in enumerate(sources):
            report(n, total, f"{source.key[0]} ({len(source.slots)} parts)")
            _execute("DROP TABLE IF EXISTS ind_g")
            _execute("DROP TABLE IF EXISTS ind_r")
            for sql, params in _grouped_sql(source, periods):
                _execute(sql, params)
            for sql in _spread_sql(source, n):
                _execute(sql)
        report(len(sources), total, "write")
        with transaction.atomic():
            written = _write(timezone.now())
    finally:
        _drop_temp()
        _session(tuning=False)
    result.update(values=written, seconds=round(time.monotonic() - started, 2))
    report(total, total, "done")
    return result
