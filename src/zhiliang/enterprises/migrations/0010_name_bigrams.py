"""On PostgreSQL, a GIN index on the names' character bigrams serves `?q=` of two characters.

Trigrams (0004) serve three or more; Chinese names are mostly searched with two (恒瑞), and
pg_bigm is not in Debian's PostgreSQL. `zl_name_bigrams` is the distinct bigrams of the
upper-cased name, as `icontains` compares (enterprises/search.py). SQLite: nothing.
"""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION zl_name_bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(upper(t), i, 2)), '{}')
        FROM generate_series(1, length(t) - 1) AS i
    $$
    """,
    "CREATE INDEX IF NOT EXISTS enterprise_name_bigrams ON enterprises_enterprise "
    "USING gin (zl_name_bigrams(name::text))",
    # Statistics for the new expression, so the planner knows how rare a bigram is.
    "ANALYZE enterprises_enterprise",
]
DROP = [
    "DROP INDEX IF EXISTS enterprise_name_bigrams",
    "DROP FUNCTION IF EXISTS zl_name_bigrams(text)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0009_draw_pool_index")]
    operations = [migrations.RunPython(forwards, backwards)]
