"""Reads cached until a table they read is written: counts and summaries under load.

A city's enterprise list counts 560,000 rows and the home page groups them by district
and section on every request; 20 users at once queue behind those scans (issue #19). The
figures change only when the tables change, so they are cached per query and per *table
version*, and a write to any table a query reads makes a new key: never a stale figure.

The versions are kept by the database itself, so every write counts, whatever makes it
(services, the importers' COPY, the admin, raw SQL, a restore):
- PostgreSQL: a statement trigger adds a row (table, transaction) to `core_tablechange`
  (nothing if the transaction already has one), so concurrent writers never wait for each
  other, and the new row becomes visible at the very moment the data does.
- SQLite: a row trigger adds one to the table's single row (one writer at a time there).
A table's version is the sum of its weights. `compact()` (daily) folds old rows into one.

Order matters: the version is read *before* the figure is computed, so a figure stored
under a version is never older than that version. Inside a transaction (a service that
wrote and reads back, a test) nothing is cached: what it sees may yet be rolled back.

Which tables are kept this way is declared in TRACKED; a query that reads any other table
is simply not cached.
"""

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Iterable
from functools import cache as once

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction

log = logging.getLogger(__name__)

# Model labels whose tables carry a version: the registries read by the home page and
# by list counts. A query reading a table not listed here is computed every time.
TRACKED = (
    "core.Region",
    "core.RoleGrant",
    "core.ApiToken",
    "core.User",
    "core.Organization",
    "assessments.AssessmentResult",
    "assessments.AssessmentScheme",
    "enterprises.Product",
    "inspections.DrawPick",
    "inspections.SamplingPlan",
    "plans.Plan",
    "plans.ProgressReport",
    "plans.TaskUnit",
    "enterprises.Enterprise",
    "enterprises.Industry",
    "enterprises.EnterpriseProduct",
    "licensing.Certificate",
    "licensing.CertificateKind",
    "licensing.Instrument",
    "equipment.EquipmentUnit",
    "inspections.Sample",
    "inspections.FollowUp",
    "inspections.Draw",
    "plans.Task",
    "plans.SupervisionNotice",
    "cases.Deadline",
    "risk.Signal",
    "earlywarning.Card",
    "earlywarning.RiskAssessment",
    "earlywarning.RiskWarning",
    "assessments.ResultEntry",
    "indicators.Indicator",
    "indicators.IndicatorValue",
    "indicators.ReportedValue",
)
# A day: a key whose tables never change still ages out; a write changes the key anyway.
TIMEOUT = 24 * 3600
_MISSING = object()
_QUOTED = re.compile(r'"([a-z0-9_]+)"')


@once
def tracked_tables() -> frozenset[str]:
    from django.apps import apps

    return frozenset(apps.get_model(label)._meta.db_table for label in TRACKED)


def tables_read(sql: str) -> set[str]:
    """The tables an SQL statement names (Django quotes every table, subqueries included)."""
    return set(_QUOTED.findall(sql)) & _known_tables()


@once
def _known_tables() -> frozenset[str]:
    from django.apps import apps

    return frozenset(m._meta.db_table for m in apps.get_models(include_auto_created=True))


def versions(tables: Iterable[str], using: str = "default") -> tuple:
    """The current version of each table: in a GET request, read once for all tables."""
    tables = sorted(set(tables))
    if not tables:
        return ()
    found = getattr(_request, using, None)
    if found is None:
        found = _read_versions(using)
        if getattr(_request, "reads_only", False):
            setattr(_request, using, found)
    return tuple((t, found.get(t, 0)) for t in tables)


def _read_versions(using: str) -> dict[str, int]:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT table_name, SUM(weight) FROM core_tablechange GROUP BY table_name")
        return {t: int(n) for t, n in cursor.fetchall()}


# The versions read by a GET request, kept for its other cached reads (one query, not one
# per figure). Only for GET and HEAD: a request that writes must see its own writes.
_request = threading.local()


def request_started(sender, environ=None, **kwargs):
    _request.__dict__.clear()
    _request.reads_only = (environ or {}).get("REQUEST_METHOD") in ("GET", "HEAD")


def request_finished(sender, **kwargs):
    _request.__dict__.clear()


def cached(key: str, tables: Iterable[str], compute: Callable, using: str = "default"):
    """compute(), or its value stored under `key` and the current versions of `tables`."""
    tables = set(tables)
    for seen in getattr(_watch, "sets", ()):  # an enclosing build depends on these too
        seen |= tables
    connection = connections[using]
    if connection.in_atomic_block or not tables or not tables <= tracked_tables():
        return compute()
    current = versions(tables, using)  # before computing: see the module's docstring
    full_key = _cache_key(connection, key, current)
    value = _get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        _set(full_key, value, TIMEOUT)
    return value


def reader_key(user, *parts) -> str:
    """A cached part's key besides its tables: what it is (`parts`) and what a reader changes
    in it — the user (their own rows), the organisation (jurisdiction), the roles (which
    figures and links), the language and the date."""
    from django.utils import timezone
    from django.utils.translation import get_language

    reader = (user.pk, user.organization_id, sorted(user.role_codes), get_language())
    return str((*parts, *reader, timezone.localdate().isoformat()))


# Tables each `cached_learning` family was seen to read, in this process.
_learned: dict[str, frozenset[str]] = {}
# The table sets being collected by this thread's `cached_learning` calls under way.
_watch = threading.local()


def cached_learning(family: str, key: str, compute: Callable, using: str = "default"):
    """compute() for something built from several queries (a home page panel), cached on
    the tables it was seen to read.

    The versions of every tracked table are read first (one query). Each build notes every
    table its queries name (and those of the cached reads inside it, which run no query
    when they hit) and is stored under the versions, from that first read, of exactly
    those tables; a look-up uses the tables the family was last seen to read. A build that
    reads a table no trigger versions is not stored."""
    connection = connections[using]
    if connection.in_atomic_block:
        return compute()
    every = dict(versions(tracked_tables(), using))  # before computing

    def full_key(tables) -> str:
        current = tuple((t, every[t]) for t in sorted(tables))
        return _cache_key(connection, f"{family}|{key}", current)

    learned = _learned.get(family)
    if learned is not None:
        value = _get(full_key(learned), _MISSING)
        if value is not _MISSING:
            return value
    value, seen = _watched(compute, connection)
    if seen <= every.keys():
        _learned[family] = frozenset(seen)
        _set(full_key(seen), value, TIMEOUT)
    return value


def _watched(compute: Callable, connection) -> tuple[object, set[str]]:
    seen: set[str] = set()

    def note(execute, sql, params, many, context):
        seen.update(tables_read(sql))
        return execute(sql, params, many, context)

    stack = _watch.__dict__.setdefault("sets", [])
    stack.append(seen)
    try:
        with connection.execute_wrapper(note):
            value = compute()
    finally:
        stack.pop()
    return value, seen - {"core_tablechange"}


def cached_query(queryset, compute: Callable, kind: str):
    """compute() for a figure of `queryset` (e.g. its count), cached by its SQL."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # `code__in=[]`: Django answers without asking the database
        return compute()
    return cached(f"{kind}|{sql}|{params!r}", tables_read(sql), compute, queryset.db)


def cached_rows(queryset) -> list:
    """list(queryset), cached by its SQL (for grouped figures: values() rows)."""
    return cached_query(queryset, lambda: list(queryset), "rows")


def cached_aggregate(queryset, **aggregates) -> dict:
    """queryset.aggregate(**aggregates), cached; the key is the SQL of the same expressions
    as annotations, which names every table their filters join and every value (dates)."""
    shape = queryset.order_by().annotate(**aggregates)
    return cached_query(shape, lambda: queryset.aggregate(**aggregates), "aggregate")


def _cache_key(connection, key: str, current: tuple) -> str:
    """The cache key of `key` at the versions `current`, in this database."""
    name = connection.settings_dict.get("NAME")
    return "fresh:" + hashlib.sha256(f"{name}|{key}|{current}".encode()).hexdigest()


def _get(key, default):
    try:
        return cache.get(key, default)
    except OSError:  # an unreadable cache directory: computed as if never cached
        log.warning("cache unreadable", exc_info=True)
        return default


def _set(key, value, timeout) -> None:
    try:
        cache.set(key, value, timeout)
    except OSError:  # a cache that cannot be written never breaks a page
        log.warning("cache not writable", exc_info=True)


# --- the triggers -----------------------------------------------------------------------

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION zl_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_tablechange (table_name, tx, weight)
    VALUES (TG_TABLE_NAME, txid_current(), 1)
    ON CONFLICT (table_name, tx) DO NOTHING;
    RETURN NULL;
END $$
"""
PG_TRIGGER = """
CREATE OR REPLACE TRIGGER zl_note_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION zl_note_change()
"""
SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS "zl_note_{event}_{table}" AFTER {event} ON "{table}"
BEGIN
    INSERT INTO core_tablechange (table_name, tx, weight) VALUES ('{table}', 0, 1)
    ON CONFLICT (table_name, tx) DO UPDATE SET weight = weight + 1;
END
"""


def install_triggers(using: str = "default") -> None:
    """Create (or replace) the triggers on the tracked tables that exist; idempotent."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = sorted(t for t in tracked_tables() if t in existing)
    if "core_tablechange" not in existing:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                cursor.execute(PG_TRIGGER.format(table=table))
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(SQLITE_TRIGGER.format(table=table, event=event))


def compact(using: str = "default") -> int:
    """Fold each table's rows into one of the same total weight; returns rows removed.

    The rows deleted are exactly those whose weights are added back, in one transaction,
    so every version stays what it was (rows of transactions still open are not seen)."""
    removed = 0
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT table_name FROM core_tablechange")
        for (table,) in cursor.fetchall():
            cursor.execute(
                "DELETE FROM core_tablechange WHERE table_name = %s AND tx <> -1 RETURNING weight",
                [table],
            )
            weights = [w for (w,) in cursor.fetchall()]
            if not weights:
                continue
            removed += len(weights)
            cursor.execute(
                "INSERT INTO core_tablechange (table_name, tx, weight) VALUES (%s, -1, %s) "
                "ON CONFLICT (table_name, tx) DO UPDATE SET weight = core_tablechange.weight "
                "+ excluded.weight",
                [table, sum(weights)],
            )
    return removed
