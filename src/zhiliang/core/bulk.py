"""Many rows into one table at once: COPY on PostgreSQL, one prepared executemany on SQLite.

For writes of tens of thousands of rows that were checked beforehand (an import), where
`bulk_create` spends its time preparing each field of each object in Python and, on
SQLite, cuts the rows into statements of 999 parameters. The caller gives the columns and
tuples of values the database takes as they are: text, numbers, None, ISO dates as text,
JSON as text (`json_text`), and constants prepared once with `db_value`.
Errors are Django's (IntegrityError …), as for any other statement.
"""

import json
import re

from django.db import connection


def db_value(model, name: str, value):
    """`value` of the field `name` as the database takes it (a UUID on SQLite is hex text)."""
    field = model._meta.get_field(name)
    return field.get_db_prep_save(value, connection)


def json_text(value) -> str | None:
    """A JSONField's value as Django writes it (json.dumps, ASCII)."""
    return None if value is None else json.dumps(value)


def insert_rows(table: str, columns: list[str], rows, *, chunk: int = 5000) -> int:
    """Insert `rows` (an iterable of tuples in the order of `columns`); the number inserted."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {quote(table)} ({names}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


CHUNK_SQLITE = 900  # values per IN (…) on SQLite (a statement takes at most 999 parameters)


def in_chunks(sql: str, params: list, values: list):
    """(statement, parameters) running `sql` for all `values`: `sql` ends with the column
    the values are matched on; PostgreSQL takes them as one array, SQLite in chunks."""
    if connection.vendor == "postgresql":
        array, value = _pg_array(values)
        yield sql + f" = ANY({array})", [*params, value]
        return
    for start in range(0, len(values), CHUNK_SQLITE):
        chunk = list(values[start : start + CHUNK_SQLITE])
        yield sql + f" IN ({', '.join(['%s'] * len(chunk))})", [*params, *chunk]


_WORDS = re.compile(r"[0-9A-Za-z]+(?:,[0-9A-Za-z]+)*")


def _pg_array(values) -> tuple[str, object]:
    """The SQL of an array parameter and its value. Letters and digits (USCCs, codes) and
    integers (ids) go as one comma-separated text that the server splits: psycopg spends
    about 0.1 s of CPU quoting an array of 100,000 strings, and the server as long again
    parsing it, against a few milliseconds for the text. Anything else goes as a list."""
    values = list(values)
    if values and all(type(v) is int for v in values):
        return "string_to_array(%s, ',')::bigint[]", ",".join(map(str, values))
    if values and all(type(v) is str for v in values):
        text = ",".join(values)
        # (a comma inside a value would split it: then the text has too many)
        if text.count(",") == len(values) - 1 and _WORDS.fullmatch(text):
            return "string_to_array(%s, ',')", text
    return "%s", values


def values_present(model, name: str, values) -> set:
    """Which of `values` the field `name` of `model` holds (registered USCCs of a file).
    On PostgreSQL one array parameter: psycopg spends longer turning 5,000 placeholders of
    an `IN (…)` into a statement than the database spends answering it."""
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(name).column)
    head = f"SELECT {column} FROM {quote(model._meta.db_table)} WHERE {column}"
    found: set = set()
    with connection.cursor() as cursor:
        for sql, params in in_chunks(head, [], list(values)):
            cursor.execute(sql, params)
            found.update(row[0] for row in cursor.fetchall())
    return found


def history_copy(model, where: str, values: list, *, user_id, when, reason: str) -> None:
    """A creation version ("+") of each row of `model` whose column `where` is one of
    `values`, copied from the rows just written, as simple-history records them."""
    history = model.history.model
    own = {f.attname for f in model._meta.concrete_fields}
    copied = [f.column for f in history._meta.concrete_fields if f.attname in own]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(history._meta.db_table)} ("
        + ", ".join(quote(c) for c in copied)
        + ", history_date, history_change_reason, history_type, history_user_id) SELECT "
        + ", ".join(quote(c) for c in copied)
        + f", %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {quote(where)}"
    )
    when = connection.ops.adapt_datetimefield_value(when)
    with connection.cursor() as cursor:
        for sql, params in in_chunks(head, [when, reason, "+", user_id], values):
            cursor.execute(sql + " ORDER BY id", params)


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TEXT_TYPES = ("varchar", "char", "text")


def insert_from_json(model, defaults: dict, source, *, values: str, order: str) -> int:
    """Insert a row of `model` for each row of the queryset `source`, whose column `values`
    holds a JSON object of checked values (attname → value as the database takes it: ids,
    ISO dates) and whose column `order` gives the order; the number inserted.

    One INSERT … SELECT: the database takes the values out of the JSON itself, so 100,000
    staged rows never travel to Python and back (an import's commit). `defaults` (attname →
    value as `db_value` gives it) fills the columns a row has no key for; a key present with
    null stays null, as `row.get(attname, default)` would. Text goes in uncast, so a value
    too long for its column fails as any insert does."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    picks, params = [], []
    for field in fields:
        key = field.attname
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a plain key: {key!r}")
        if postgres:
            db_type = field.db_type(connection)
            value = f"(j ->> '{key}')"
            if not db_type.startswith(_TEXT_TYPES):
                value = f"{value}::{db_type}"
            picks.append(f"CASE WHEN j ? '{key}' THEN {value} ELSE %s END")
        else:
            path = f"'$.{key}'"
            picks.append(
                f"CASE WHEN json_type(j, {path}) IS NOT NULL "
                f"THEN json_extract(j, {path}) ELSE %s END"
            )
        params.append(defaults[key])
    sql, source_params = source.values_list(order, values).query.sql_with_params()
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ("
        + ", ".join(quote(f.column) for f in fields)
        + ") SELECT "
        + ", ".join(picks)
        + f" FROM (SELECT s.{quote(order)} AS o, s.{quote(values)} AS j FROM ({sql}) AS s) AS t"
        + " ORDER BY o"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *source_params])
        return cursor.rowcount
