"""Writing the classes, set-based: the scored enterprises are staged in a temporary table
(COPY on PostgreSQL, one multi-row INSERT per batch on SQLite) beside the few distinct reason
lists — an event's few rows go in the statements themselves, a WITH … VALUES named like those
tables — then applied with one INSERT … SELECT … ON CONFLICT DO UPDATE that touches only the
rows whose computed part changed; the class changes and `Enterprise.risk_class` follow with
one INSERT … SELECT and one UPDATE … FROM."""

from contextlib import contextmanager

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from zhiliang.enterprises.models import Enterprise

_SCORED = "credit_scored_tmp"
_REASONS = "credit_reasons_tmp"
_COMPUTED = ("computed_class", "score", "is_default", "forced_by", "model_version", "reasons")
_KEEP = 1000  # staged rows up to which the temporary tables are kept (emptied)
_INLINE = 100  # staged rows up to which they are written in the statements (6 values each)
_SQLITE_BATCH = 150  # rows per INSERT: 6 parameters each, below SQLite's 999
# A full pass on PostgreSQL: joins and the grouped query of millions of rows hash in memory
# instead of spilling in batches to disk, the class table's indexes sort in memory.
_BIG_PASS = {"work_mem": "128MB", "maintenance_work_mem": "256MB"}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _ids_clause(column: str, enterprise_ids) -> tuple[str, list]:
    if enterprise_ids is None:
        return "", []
    ids = [int(i) for i in enterprise_ids]
    if not ids:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def _stage(cursor, rows: list[tuple], reasons: list[tuple]) -> None:
    """The temporary tables: (enterprise, class, score, default?, hard rule, reason list)
    and (reason list, its JSON). They stay for the connection's next small pass (creating
    them costs more than one enterprise's classification); a large pass drops them."""
    pg = connection.vendor == "postgresql"
    json_type = "jsonb" if pg else "text"
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {_SCORED} (enterprise_id bigint PRIMARY KEY, "
        "computed_class varchar(1), score double precision, is_default boolean, "
        "forced_by varchar(40), reason_key integer)"
    )
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_REASONS} (reason_key integer "
                   f"PRIMARY KEY, reasons {json_type})")  # fmt: skip
    for table in (_SCORED, _REASONS):  # left over by a failed pass
        cursor.execute(f"DELETE FROM {table}")
    if pg:
        with cursor.cursor.copy(f"COPY {_SCORED} FROM STDIN") as copy:
            copy.write(
                "".join(
                    f"{e}\t{c}\t{s!r}\t{'t' if d else 'f'}\t{f}\t{k}\n" for e, c, s, d, f, k in rows
                )  # fmt: skip
            )
        with cursor.cursor.copy(f"COPY {_REASONS} FROM STDIN") as copy:
            for row in reasons:
                copy.write_row(row)
        if len(rows) > _KEEP:
            cursor.execute(f"ANALYZE {_SCORED}")
        return
    for table, width, data in ((_SCORED, 6, rows), (_REASONS, 2, reasons)):
        one = f"({', '.join(['%s'] * width)})"
        for start in range(0, len(data), _SQLITE_BATCH):
            chunk = data[start : start + _SQLITE_BATCH]
            cursor.execute(
                f"INSERT INTO {table} VALUES {', '.join([one] * len(chunk))}",
                [v for row in chunk for v in row],
            )


def write_classes(*, rows, reasons, default_class, version, enterprise_ids) -> None:
    """Every enterprise (or `enterprise_ids`): the staged class if it has one, else the
    default. Three set-based statements: the staged classes that changed, the rows back to
    the default class, the enterprises without a row yet. A row is written only when its
    computed part changed (so `computed_at` is when the computed class, score or reasons
    last changed); the override and the effective class stay as they are."""
    from zhiliang.credit.models import CreditClass

    empty = "CAST('[]' AS jsonb)" if connection.vendor == "postgresql" else "'[]'"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table, eid = _q(CreditClass._meta.db_table), _q("enterprise_id")
    changed = " OR ".join(f"{table}.{_q(c)} <> {{{c}}}" for c in _COMPUTED)
    staged = {c: f"s.{_q(c)}" for c in _COMPUTED} | {"model_version": "%s", "reasons": "r.reasons"}
    default = {"computed_class": "%s", "score": "0", "is_default": "%s", "forced_by": "''",
               "model_version": "%s", "reasons": empty}  # fmt: skip
    where, ids = _ids_clause(f"{table}.{eid}", enterprise_ids)
    set_ = ", ".join(f"{_q(c)} = {{{c}}}" for c in _COMPUTED) + ", computed_at = %s"
    update_staged = (
        f"UPDATE {table} SET {set_.format(**staged)} FROM {_SCORED} s "
        f"JOIN {_REASONS} r ON r.reason_key = s.reason_key "
        f"WHERE {table}.{eid} = s.enterprise_id AND ({changed.format(**staged)})"
    )
    update_default = (
        f"UPDATE {table} SET {set_.format(**default)} WHERE NOT EXISTS "
        f"(SELECT 1 FROM {_SCORED} s WHERE s.enterprise_id = {table}.{eid}) "
        f"AND ({changed.format(**default)}){where}"
    )
    names = [
        "enterprise_id", *_COMPUTED, "computed_at", "override_class", "override_reason",
        "effective_class",
    ]  # fmt: skip
    e_where, e_ids = _ids_clause(f"e.{_q('id')}", enterprise_ids)
    insert = (
        f"INSERT INTO {table} ({', '.join(_q(c) for c in names)}) "
        f"SELECT e.{_q('id')}, COALESCE(s.computed_class, %s), COALESCE(s.score, 0), "
        f"COALESCE(s.is_default, %s), COALESCE(s.forced_by, ''), %s, "
        f"COALESCE(r.reasons, {empty}), %s, '', '', COALESCE(s.computed_class, %s) "
        f"FROM {_q(Enterprise._meta.db_table)} e "
        f"LEFT JOIN {_SCORED} s ON s.enterprise_id = e.{_q('id')} "
        f"LEFT JOIN {_REASONS} r ON r.reason_key = s.reason_key "
        f"WHERE {{absent}}{e_where} ON CONFLICT ({eid}) DO NOTHING"
    )
    absent = f"NOT EXISTS (SELECT 1 FROM {table} c WHERE c.{eid} = e.{_q('id')})"
    d = (default_class, True, version)
    small = len(rows) <= _INLINE
    with connection.cursor() as cursor:
        if small:  # an event's few rows: in the statements, no temporary table to make
            prefix, staged = _inline(rows, reasons)
        else:
            _stage(cursor, rows, reasons)
            prefix, staged = "", []
        cursor.execute(prefix + update_staged, [*staged, version, now, version])
        cursor.execute(prefix + update_default, [*staged, *d, now, *d, *ids])
        if _missing(table, enterprise_ids):
            params = [*staged, default_class, True, version, now, default_class, *e_ids]
            empty = not CreditClass.objects.exists()
            with _bulk_first_pass(cursor, table, enterprise_ids, empty=empty):
                # Into an empty table nothing is there to leave out (ON CONFLICT guards a
                # race), and the anti-join would be planned against "no rows" as a nested
                # loop that rescans the rows this very statement writes: hours at 3 M.
                cursor.execute(
                    prefix + insert.replace("{absent}", "TRUE" if empty else absent), params
                )
        for name in () if small else (_SCORED, _REASONS):
            cursor.execute(f"{'DROP TABLE' if len(rows) > _KEEP else 'DELETE FROM'} {name}")


def _inline(rows: list[tuple], reasons: list[tuple]) -> tuple[str, list]:
    """The staged rows as a WITH clause named like the temporary tables: (prefix, params)."""
    json = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    scored = (
        "VALUES " + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
        if rows
        else "SELECT CAST(NULL AS bigint), CAST(NULL AS varchar(1)), "
        "CAST(NULL AS double precision), CAST(NULL AS boolean), CAST(NULL AS varchar(40)), "
        "CAST(NULL AS integer) WHERE 1 = 0"
    )
    listed = (
        "VALUES " + ", ".join([f"(%s, {json})"] * len(reasons))
        if reasons
        else f"SELECT CAST(NULL AS integer), {json.replace('%s', 'NULL')} WHERE 1 = 0"
    )
    prefix = (
        f"WITH {_SCORED} (enterprise_id, computed_class, score, is_default, forced_by, "
        f"reason_key) AS ({scored}), {_REASONS} (reason_key, reasons) AS ({listed}) "
    )
    return prefix, [v for row in rows for v in row] + [v for row in reasons for v in row]


@contextmanager
def big_pass():
    """The session settings of `_BIG_PASS` while a full pass runs (PostgreSQL), then back."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in _BIG_PASS.items():
            cursor.execute(f"SET {name} = '{value}'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in _BIG_PASS:
                cursor.execute(f"RESET {name}")


@contextmanager
def _bulk_first_pass(cursor, table: str, enterprise_ids, *, empty: bool):
    """The first classification of an installation (an empty class table, PostgreSQL): the
    secondary indexes and the foreign keys are set aside while every enterprise's row goes
    in, then rebuilt from their own definitions (one sort per index, one validating join
    per key) instead of millions of per-row index inserts and deferred key checks. In one
    transaction of its own: a failure leaves the table as it was."""
    from zhiliang.credit.models import CreditClass

    first = enterprise_ids is None and connection.vendor == "postgresql"
    # Not inside a caller's transaction: its pending key checks would forbid the ALTER.
    if not (first and empty and not connection.in_atomic_block):
        yield
        return
    name = CreditClass._meta.db_table
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        [name],
    )
    keys = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique",
        [name],
    )
    indexes = cursor.fetchall()
    with transaction.atomic():
        for key, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_q(key)}")
        for index, _definition in indexes:
            cursor.execute(f"DROP INDEX {index}")
        yield
        for _index, definition in indexes:
            cursor.execute(definition)
        for key, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_q(key)} {definition}")
    # The planner's statistics still say "empty": the next joins would be planned for that.
    cursor.execute(f"ANALYZE {table}")


def _missing(table: str, enterprise_ids) -> bool:
    """Whether some enterprise (of `enterprise_ids`) has no class row yet: two counts
    (every class row belongs to an enterprise) instead of an anti-join."""
    from zhiliang.credit.models import CreditClass

    everyone, rows = Enterprise.objects.all(), CreditClass.objects.all()
    if enterprise_ids is not None:
        everyone = everyone.filter(pk__in=list(enterprise_ids))
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    return everyone.count() != rows.count()


def effective_refresh(*, enterprise_ids=None, actor=None) -> int:
    """Set the effective class (the office's while its override runs, else the computed
    one) and copy it to `Enterprise.risk_class` for the draw, recording each change of
    `Enterprise.risk_class` (the class the draw used until now). Returns the changes."""
    from zhiliang.credit.models import ClassChange, CreditClass

    today = timezone.localdate()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    cls, ent = _q(CreditClass._meta.db_table), _q(Enterprise._meta.db_table)
    active = (
        "({p}override_class <> '' AND {p}override_until IS NOT NULL AND {p}override_until > %s)"
    )
    effective = f"CASE WHEN {active.format(p='')} THEN override_class ELSE computed_class END"
    today_p = connection.ops.adapt_datefield_value(today)
    with connection.cursor() as cursor:
        where, ids = _ids_clause("enterprise_id", enterprise_ids)
        cursor.execute(
            f"UPDATE {cls} SET effective_class = {effective} "
            f"WHERE effective_class <> {effective}{where}",
            [today_p, today_p, *ids],
        )
        active = active.format(p="c.")
        by_office = f"({active} AND c.effective_class = c.override_class)"
        where, ids = _ids_clause(f"e.{_q('id')}", enterprise_ids)
        columns = ("enterprise_id", "from_class", "to_class", "score", "model_version",
                   "by_override", "reason", "actor_id", "changed_at")  # fmt: skip
        cursor.execute(
            f"INSERT INTO {_q(ClassChange._meta.db_table)} "
            f"({', '.join(_q(c) for c in columns)}) "
            f"SELECT e.{_q('id')}, e.risk_class, c.effective_class, c.score, "
            f"c.model_version, CASE WHEN {by_office} THEN %s ELSE %s END, "
            f"CASE WHEN {by_office} THEN c.override_reason ELSE '' END, "
            f"CASE WHEN {by_office} THEN c.override_by_id ELSE %s END, %s "
            f"FROM {ent} e JOIN {cls} c ON c.enterprise_id = e.{_q('id')} "
            f"WHERE e.risk_class <> c.effective_class{where}",
            [today_p, True, False, today_p, today_p, getattr(actor, "pk", None), now, *ids],
        )
        changed = cursor.rowcount
        if changed:
            where, ids = _ids_clause("c.enterprise_id", enterprise_ids)
            cursor.execute(
                f"UPDATE {ent} SET risk_class = c.effective_class FROM {cls} c "
                f"WHERE c.enterprise_id = {ent}.{_q('id')} "
                f"AND {ent}.risk_class <> c.effective_class{where}",
                ids,
            )
    return max(changed, 0)


def reason_lists(model, result, rows: np.ndarray, reasons_of, top: int) -> tuple[np.ndarray, list]:
    """The distinct reason lists of `rows` of `result` (a reason list is fixed by the hard
    rule and the top features with their capped counts): (key per row, [(key, JSON)])."""
    import json

    contributions = result.contributions[rows]
    order = np.argsort(-np.abs(contributions), axis=1, kind="stable")[:, :top]
    top = np.take_along_axis(contributions, order, axis=1)
    counts = np.take_along_axis(result.counts[rows], order, axis=1)
    shown = top != 0
    codes = {rule.code: i + 1 for i, rule in enumerate(model.hard_rules)}
    hard = np.asarray(result.forced, dtype=object)[rows]
    forced = np.zeros(len(rows), dtype=np.int64)
    for code, i in codes.items():
        forced[hard == code] = i
    keys = np.column_stack([forced, np.where(shown, order, -1), np.where(shown, counts, 0)])
    if not len(rows):
        return np.zeros(0, dtype=np.int64), []
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    lists = [
        (k, json.dumps(reasons_of(model, result, int(rows[i])), ensure_ascii=False))
        for k, i in enumerate(first)
    ]
    return inverse.reshape(-1), lists
