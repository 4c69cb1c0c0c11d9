"""The new figures replace the stored ones by set operations: insert, update, delete."""

from django.db import connection

from zhiliang.indicators.choices import ValueSource
from zhiliang.indicators.engine.sql import PG_SESSION, _analyze, _execute, _q, _write_turn
from zhiliang.indicators.models import IndicatorValue


def _write(now) -> int:
    """Replace the computed values of the recomputed indicators and periods by ind_acc.

    Figures that did not change are not rewritten, so a recompute mostly reads; figures no
    longer produced are deleted. `computed_at` is when a
    figure last changed; the runs page says when the indicators were last recomputed.
    Runs inside the caller's transaction.
    """
    _write_turn()
    table = _q(IndicatorValue._meta.db_table)
    value = (
        "CASE WHEN m.has_den = 0 THEN s.num WHEN s.den = 0 THEN NULL "
        "ELSE ROUND(s.num * m.scale * 1.0 / s.den, 4) END"
    )
    # The indicators whose parts come from different sources: their shares added up. Summed
    # by the figure's key alone and joined to its indicator after: grouped by the period's
    # and the indicator's columns too, the wider keys cost 1.4 s at province, not 1.1 s.
    _execute(
        f"INSERT INTO ind_out ({COLUMNS}) "
        "SELECT s.indicator_id, s.region_id, s.period, s.num, "
        f"CASE WHEN m.has_den = 1 THEN s.den END, {value} FROM ("
        "SELECT a.indicator_id, a.region_id, a.period, COALESCE(SUM(a.num), 0) AS num, "
        "COALESCE(SUM(a.den), 0) AS den FROM ind_acc a "
        "GROUP BY a.indicator_id, a.region_id, a.period) s "
        "JOIN ind_meta m ON m.indicator_id = s.indicator_id"
    )
    if connection.vendor == "postgresql":
        _apply_postgresql(table, now)
    else:
        _apply_sqlite(table, now)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ind_out")
        return cursor.fetchone()[0]


# Each new figure against the stored one: insert, update, or leave alone. Joins, not an
# ON CONFLICT per row, which would lock (and so write) every unchanged row.
FIGURE = ("numerator", "denominator", "value")
# ind_out holds a figure's key and parts; its period's kind and dates are joined from
# ind_period only for the figures inserted (3 columns fewer to write and scan per figure).
KEY = ("indicator_id", "region_id", "period")
FIELDS = (*KEY, *FIGURE)
COLUMNS = ", ".join(FIELDS)
STORED_COLUMNS = ", ".join((*KEY, "period_kind", "period_start", "period_end", *FIGURE))
# The stored columns of new figures `o` joined to their period `p`.
PLACED = ", ".join(
    (*(f"o.{c}" for c in KEY), "p.kind", "p.starts", "p.ends", *(f"o.{c}" for c in FIGURE))
)
NEW = ", ".join(f"o.{c} AS {c}" for c in FIELDS) + ", v.id AS vid"
SAME_KEY = "v.indicator_id = o.indicator_id AND v.region_id = o.region_id AND v.period = o.period"


# A figure's fingerprint: 64-bit hashes of its region, parts, value and source (each with a
# seed of its own, so that equal numbers in two columns do not cancel), XORed. Numeric hashes
# ignore the scale (5.00 and 5.0000 hash alike), as the comparison of the join does.
ROW_HASH = (
    "hashint8extended({a}.region_id, 0) # hash_numeric_extended({a}.numerator, 1) "
    "# COALESCE(hash_numeric_extended({a}.denominator, 2), 0) "
    "# COALESCE(hash_numeric_extended({a}.value, 3), 0) # hashtextextended({source}, 4)"
)
# A block's regions alone: when their sum is unchanged, no figure is added or removed there.
KEY_HASH = "hashint8extended({a}.region_id, 5)"


def _changed_blocks(table: str) -> tuple[bool, bool]:
    """ind_blk: the (indicator, period) blocks whose new figures differ from the stored ones,
    found by comparing per block the count and the sum of the figures' fingerprints — two
    grouped scans instead of a join of every figure — and, in `keys`, whether the block's
    regions differ too (a figure to add or remove). A block is missed only if its sum of
    64-bit hashes collides exactly (about 2⁻⁶⁴). Returns whether any block changed, and
    whether any block's regions did."""
    computed = f"'{ValueSource.COMPUTED}'"
    new = ROW_HASH.format(a="o", source=f"CAST({computed} AS TEXT)")
    old = ROW_HASH.format(a="v", source="v.source")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indicator_id FROM ind_meta")
        indicators = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM ind_period")
        periods = [row[0] for row in cursor.fetchall()]
    # The stored side names its indicators and periods rather than reading the temporary
    # tables, which only this session sees: so it can be scanned by parallel workers.
    _execute(
        f"CREATE TEMPORARY TABLE ind_old AS SELECT v.indicator_id, v.period, COUNT(*) AS n, "
        f"SUM({old}) AS h, SUM({KEY_HASH.format(a='v')}) AS k FROM {table} v "
        "WHERE v.indicator_id = ANY(%s) AND v.period = ANY(%s) GROUP BY v.indicator_id, v.period",
        [indicators, periods],
    )
    _execute(
        "CREATE TEMPORARY TABLE ind_blk AS SELECT COALESCE(o.indicator_id, v.indicator_id) "
        "AS indicator_id, COALESCE(o.period, v.period) AS period, "
        "(o.n IS DISTINCT FROM v.n OR o.k IS DISTINCT FROM v.k) AS keys FROM ("
        f"SELECT o.indicator_id, o.period, COUNT(*) AS n, SUM({new}) AS h, "
        f"SUM({KEY_HASH.format(a='o')}) AS k FROM ind_out o GROUP BY o.indicator_id, o.period) o "
        "FULL JOIN ind_old v ON v.indicator_id = o.indicator_id AND v.period = o.period "
        "WHERE o.n IS DISTINCT FROM v.n OR o.h IS DISTINCT FROM v.h"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE keys) FROM ind_blk")
        changed, keys = cursor.fetchone()
    return changed > 0, keys > 0


def _apply_postgresql(table: str, now) -> None:
    """Only what changes is written, and only in the (indicator, period) blocks that
    changed: stored figures updated in place from one join with the new ones; figures added
    and computed figures no longer produced only in blocks whose regions changed."""
    # Its size and keys are what the joins below are planned by: a small sample tells them
    # (the default one read 30,000 pages of a province's 3.6 M figures, 0.3 s).
    _settings(default_statistics_target="10")
    _execute(_analyze("ind_out", "indicator_id", "region_id", "period"))
    _execute("SET LOCAL default_statistics_target TO DEFAULT")
    # Most blocks are unchanged from one recompute to the next (a month's figures of the
    # years before do not move): joining only the changed ones saves most of the join.
    changed, keys = _changed_blocks(table)
    if not changed:
        return
    _execute("ANALYZE ind_blk")
    computed = f"'{ValueSource.COMPUTED}'"
    # Hash joins only. Not merge joins, which sort both sides, millions of figures at
    # province scale. Nor nested loops: reading each changed block's stored figures by the
    # index, scattered over the table by earlier updates, took 32 s at province after a
    # change of 0.16 % of the enterprises (1,971 of 2,263 blocks) where one scan takes 2. The
    # hash of a province's stored figures (3.6 M) takes ~330 MB; with 256 MB of work memory
    # (a hash may use twice that) it is built in one pass, not in batches spilled to disk.
    _settings(enable_mergejoin="off", enable_nestloop="off", work_mem="256MB")
    if keys:
        _execute(
            f"DELETE FROM {table} v WHERE v.source = {computed} AND "
            + _in_blocks("v", keys_only=True)
            + f" AND NOT EXISTS (SELECT 1 FROM ind_out o WHERE {SAME_KEY})"
        )
    # One join of the changed blocks' new figures with the stored ones, updating in place
    # those that differ — rather than a join that lists them and a second one by id.
    differs = " OR ".join(f"v.{c} IS DISTINCT FROM o.{c}" for c in FIGURE)
    _execute(
        f"UPDATE {table} v SET {', '.join(f'{c} = o.{c}' for c in FIGURE)}, "
        "source = %s, computed_at = %s FROM ind_out o "
        f"WHERE {SAME_KEY} AND {_in_blocks('o')} AND (v.source <> {computed} OR {differs})",
        [ValueSource.COMPUTED, now],
    )
    if keys:
        _execute(
            f"INSERT INTO {table} ({STORED_COLUMNS}, source, computed_at) "
            f"SELECT {PLACED}, %s, %s FROM ind_out o JOIN ind_period p ON p.code = o.period "
            f"WHERE {_in_blocks('o', keys_only=True)} "
            f"AND NOT EXISTS (SELECT 1 FROM {table} v WHERE {SAME_KEY}) "
            # In index order: the unique index grows at its end instead of everywhere.
            "ORDER BY o.indicator_id, o.region_id, o.period",
            [ValueSource.COMPUTED, now],
        )
    _settings(enable_mergejoin="on", enable_nestloop="on", work_mem=PG_SESSION["work_mem"])


def _in_blocks(alias: str, *, keys_only: bool = False) -> str:
    """The condition that row `alias` is in a changed block (or one whose regions changed)."""
    where = " WHERE keys" if keys_only else ""
    return (
        f"({alias}.indicator_id, {alias}.period) IN "
        f"(SELECT indicator_id, period FROM ind_blk{where})"
    )


def _settings(**values) -> None:
    # For the write's transaction only; set back by hand, as the caller's transaction may
    # go on (RESET would drop the engine's session settings too).
    for name, value in values.items():
        _execute(f"SET LOCAL {name} = '{value}'")


def _apply_sqlite(table: str, now) -> None:
    _diff_sqlite(table)
    # UPDATE … FROM needs SQLite 3.33; this form works on every version.
    _execute("CREATE INDEX ind_diff_vid ON ind_diff (vid)")
    pick = "(SELECT d.{c} FROM ind_diff d WHERE d.vid = " + table + ".id)"
    _execute(
        f"UPDATE {table} SET "
        + ", ".join(f"{c} = {pick.format(c=c)}" for c in FIGURE)
        + ", source = %s, computed_at = %s "
        "WHERE id IN (SELECT vid FROM ind_diff WHERE op = 'u')",
        [ValueSource.COMPUTED, now],
    )
    _execute(
        f"INSERT INTO {table} ({STORED_COLUMNS}, source, computed_at) "
        f"SELECT {PLACED}, %s, %s FROM ind_diff o JOIN ind_period p ON p.code = o.period "
        "WHERE o.op = 'i' "
        # In index order: the unique index grows at its end instead of everywhere.
        "ORDER BY o.indicator_id, o.region_id, o.period",
        [ValueSource.COMPUTED, now],
    )


def _diff_sqlite(table: str) -> None:
    """ind_diff: every new figure marked 'i', 'u' or '=', after deleting the computed
    figures no longer produced (SQLite joins by index lookups: ind_out gets one)."""
    _execute("CREATE INDEX ind_out_key ON ind_out (indicator_id, region_id, period)")
    _execute(
        f"DELETE FROM {table} WHERE source = %s "
        "AND indicator_id IN (SELECT indicator_id FROM ind_meta) "
        "AND period IN (SELECT code FROM ind_period) "
        f"AND NOT EXISTS (SELECT 1 FROM ind_out o WHERE o.indicator_id = {table}.indicator_id "
        f"AND o.region_id = {table}.region_id AND o.period = {table}.period)",
        [ValueSource.COMPUTED],
    )
    changed = " OR ".join(f"v.{c} IS NOT o.{c}" for c in (*FIGURE, "source"))
    _execute(
        f"CREATE TEMPORARY TABLE ind_diff AS SELECT {NEW}, "
        f"CASE WHEN v.id IS NULL THEN 'i' WHEN {changed} THEN 'u' ELSE '=' END "
        "AS op FROM (SELECT ind_out.*, %s AS source FROM ind_out) o "
        f"LEFT JOIN {table} v ON v.indicator_id = o.indicator_id "
        "AND v.region_id = o.region_id AND v.period = o.period",
        [ValueSource.COMPUTED],
    )
