"""Per source: one grouped query by region and month, then spread to periods and regions."""

from datetime import timedelta

from django.db import models
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast, Greatest

from zhiliang.indicators import periods as P
from zhiliang.indicators.engine.sources import Slot, Source, _bound, _is_datetime, _month_expr
from zhiliang.indicators.engine.sql import _q


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
