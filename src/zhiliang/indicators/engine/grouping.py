"""Per source: one grouped query by region and month, then spread to periods and regions."""

from datetime import timedelta

from django.db import connection, models
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast, Greatest

from zhiliang.indicators import periods as P
from zhiliang.indicators.engine.sources import Slot, Source, _bound, _is_datetime, _month_expr
from zhiliang.indicators.engine.sql import _analyze


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
    if not source.by_period:  # distinct counts of placed values are COUNT(DISTINCT …) here
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
    rows = qs.annotate(**cases).values("r", "mi", "mo", *cases)
    # Without an end field a value, once in stock, stays: it counts from its first month
    # on, so one row per (region, value) at its first month does (no islands to merge;
    # the grouping removes repeats, so no DISTINCT first).
    lasting = source.stock and source.key[4] is None
    if not lasting:
        rows = rows.distinct()
    sql, params = rows.query.sql_with_params()
    k = len(source.slots)
    cols = ", ".join(f"COUNT(DISTINCT x.v{i}) AS a{i}" for i in range(k))
    slots = ", ".join(f"SUM(CASE WHEN u.slot = {i} THEN 1 ELSE 0 END) AS a{i}" for i in range(k))
    if lasting:
        firsts = " UNION ALL ".join(
            f"SELECT {i} AS slot, x.r AS r, MIN(x.mi) AS mi FROM ind_rows x "
            f"WHERE x.v{i} IS NOT NULL GROUP BY x.r, x.v{i}"
            for i in range(k)
        )
        grouped = (
            f"CREATE TEMPORARY TABLE ind_g AS SELECT u.r AS r, u.mi AS mi, "
            f"CAST(NULL AS INTEGER) AS mo, {slots} FROM ({firsts}) u GROUP BY u.r, u.mi"
        )
    elif source.stock:
        # A value is in stock at a period's end when one of its intervals [mi, mo) covers
        # the end's month. Merging each value's overlapping intervals into islands (gaps and
        # islands, by window functions) leaves disjoint intervals per value: counting the
        # islands that cover a month counts the distinct values, and islands add up like
        # the rows of an ordinary stock.
        islands = " UNION ALL ".join(_islands_sql(i) for i in range(k))
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
    """ind_g → ind_w (wide: one column per part, one row per region and period, for the
    lowest regions and every ancestor of theirs) → the indicators' rows.

    Rows roll up in one pass through ind_anc (region → itself and each ancestor), by month
    before the periods are formed: a parent is the sum of its children and of rows of its
    own. A stock is then a running sum of entries (+) and exits (−) per region over the
    months, read at each period's last month; a flow sums the months of each period. Every
    region the source has rows for gets every period, zero where nothing falls in it (a
    township without failures has 0 failures, not no figure).
    """
    k = len(source.slots)
    cols = ", ".join(f"a{i}" for i in range(k))

    def sums(alias: str) -> str:
        return ", ".join(f"SUM({alias}.a{i}) AS a{i}" for i in range(k))

    statements = [
        "DROP TABLE IF EXISTS ind_ru",
        "CREATE TEMPORARY TABLE ind_ru AS SELECT DISTINCT a.up AS r FROM ind_r x "
        "JOIN ind_anc a ON a.r = x.r",
        "DROP TABLE IF EXISTS ind_w",
    ]
    if source.by_period and not source.stock:  # already per lowest region and period
        zeros = ", ".join("0" for _i in range(k))
        picked = ", ".join(f"g.a{i}" for i in range(k))
        statements.append(
            f"CREATE TEMPORARY TABLE ind_w AS SELECT u.r AS r, u.code AS code, "
            f"{sums('u')} FROM (SELECT a.up AS r, g.code AS code, {picked} "
            "FROM ind_g g JOIN ind_anc a ON a.r = g.r UNION ALL "
            f"SELECT x.r, p.code, {zeros} FROM ind_ru x CROSS JOIN ind_period p) u "
            "GROUP BY u.r, u.code"
        )
        return [*statements, *_unpivot_sql(source, n)]
    # Per (lowest region, month): a flow's rows in their month; a stock's entries, and its
    # exits as negatives (an exit before the entry cancels it in the entry's month). A stock
    # not entered by the last period (mi past it) is never counted.
    hi = "(SELECT MAX(m) FROM ind_month)"
    entries = (
        f"SELECT g.r AS r, g.mi AS m, {', '.join(f'g.a{i} AS a{i}' for i in range(k))} "
        f"FROM ind_g g WHERE g.mi IS NOT NULL AND g.mi <= {hi}"
    )
    deltas = entries
    if source.stock:
        negated = ", ".join(f"-g.a{i}" for i in range(k))
        deltas += (
            " UNION ALL SELECT g.r, CASE WHEN g.mo > g.mi THEN g.mo ELSE g.mi END, "
            f"{negated} FROM ind_g g WHERE g.mo IS NOT NULL AND g.mi <= {hi}"
        )
    statements += [
        "DROP TABLE IF EXISTS ind_m",
        f"CREATE TEMPORARY TABLE ind_m AS SELECT a.up AS r, d.m AS m, {sums('d')} "
        f"FROM ({deltas}) d JOIN ind_anc a ON a.r = d.r GROUP BY a.up, d.m",
        _analyze("ind_m", "r", "m"),
        "ANALYZE ind_ru",
    ]
    if source.stock:
        running = ", ".join(
            f"SUM(COALESCE(d.a{i}, 0)) OVER (PARTITION BY x.r ORDER BY c.m "
            f"ROWS UNBOUNDED PRECEDING) AS a{i}"
            for i in range(k)
        )
        statements.append(
            f"CREATE TEMPORARY TABLE ind_w AS SELECT s.r AS r, p.code AS code, {cols} "
            f"FROM (SELECT x.r AS r, c.m AS m, {running} FROM ind_ru x CROSS JOIN ind_month c "
            "LEFT JOIN ind_m d ON d.r = x.r AND d.m = c.m) s JOIN ind_period p ON p.em = s.m"
        )
    else:
        filled = ", ".join(f"SUM(COALESCE(d.a{i}, 0)) AS a{i}" for i in range(k))
        statements.append(
            f"CREATE TEMPORARY TABLE ind_w AS SELECT x.r AS r, c.code AS code, {filled} "
            "FROM ind_ru x CROSS JOIN ind_pmap c "
            "LEFT JOIN ind_m d ON d.r = x.r AND d.m = c.m GROUP BY x.r, c.code"
        )
    return [*statements, *_unpivot_sql(source, n)]


def _unpivot_sql(source: Source, n: int) -> list[str]:
    """ind_w → one row per indicator, region and period. An indicator whose parts all come
    from this source gets its final figure here (ind_out); one whose other part comes from
    another source leaves its share in ind_acc, added up with the other's when writing."""
    k = len(source.slots)
    wide = "ind_w"

    def pick(column: str) -> str:
        whens = " ".join(f"WHEN {i} THEN w.a{i}" for i in range(k))
        return f"CASE s.{column} {whens} END"

    if connection.vendor == "postgresql":
        # A CASE of k branches per figure walks half of them on average (tens of thousands
        # of comparisons per region and period at k = 60); an array is indexed directly.
        # Built once per region and period (OFFSET 0 keeps the subquery from being merged
        # into the join, which would build the array once per figure).
        items = ", ".join(f"CAST(w.a{i} AS NUMERIC)" for i in range(k))
        wide = f"(SELECT w.r AS r, w.code AS code, ARRAY[{items}] AS a FROM ind_w w OFFSET 0)"

        def pick(column: str) -> str:
            return f"w.a[s.{column} + 1]"

    figure = (
        "SELECT s.indicator_id AS indicator_id, w.r AS r, w.code AS code, "
        # As ind_acc stores them: a sum of a float field is rounded to 4 places too.
        f"CAST(COALESCE({pick('nidx')}, 0) AS NUMERIC(24, 4)) AS num, "
        f"CASE WHEN m.has_den = 1 THEN CAST(COALESCE({pick('didx')}, 0) AS NUMERIC(24, 4)) "
        "END AS den, "
        "m.has_den AS has_den, m.scale AS scale "
        f"FROM {wide} w CROSS JOIN ind_slot s JOIN ind_meta m ON m.indicator_id = s.indicator_id "
        f"WHERE s.src = {int(n)} AND s.whole = 1"
    )
    value = (
        "CASE WHEN f.has_den = 0 THEN f.num WHEN f.den = 0 THEN NULL "
        "ELSE ROUND(f.num * f.scale * 1.0 / f.den, 4) END"
    )
    return [
        "INSERT INTO ind_out (indicator_id, region_id, period, numerator, denominator, value) "
        f"SELECT f.indicator_id, f.r, f.code, f.num, f.den, {value} FROM ({figure}) f",
        "INSERT INTO ind_acc (indicator_id, region_id, period, num, den) "
        f"SELECT s.indicator_id, w.r, w.code, {pick('nidx')}, {pick('didx')} "
        f"FROM {wide} w CROSS JOIN ind_slot s WHERE s.src = {int(n)} AND s.whole = 0",
    ]
