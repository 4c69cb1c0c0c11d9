"""Cheaper writes of enterprises on PostgreSQL (issue #19: an import of 100,000 rows).

- The history table loses the indexes simple-history copied from the USCC, the region and
  the industry: history is read by record, date and author (see `Enterprise.history`).
- `zl_name_bigrams` (migration 0010) becomes a PL/pgSQL loop. The SQL version ran an
  aggregate over `generate_series` for every name, about 25 µs a row (a third of an
  import's COPY into the table); the loop takes a seventh of that. It returns the same
  bigrams, duplicates kept and in the name's order: the GIN index stores each key of a
  row once whatever the order, and the search asks `@>` (contains), which neither
  changes, so the index built with the old function stays valid as it is.
"""

import django.db.models.deletion
from django.db import migrations, models

LOOP = """
    CREATE OR REPLACE FUNCTION zl_name_bigrams(t text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        u text := upper(t);
        pairs text[] := '{}';
    BEGIN
        FOR i IN 1 .. length(t) - 1 LOOP
            pairs := pairs || substr(u, i, 2);
        END LOOP;
        RETURN pairs;
    END
    $$
"""
AGGREGATE = """
    CREATE OR REPLACE FUNCTION zl_name_bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(upper(t), i, 2)), '{}')
        FROM generate_series(1, length(t) - 1) AS i
    $$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LOOP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(AGGREGATE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_export_files"),
        ("enterprises", "0012_fewer_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalenterprise",
            name="industry",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="enterprises.industry",
                verbose_name="industry",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="The township where known, else the county.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.region",
                verbose_name="region",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="uscc",
            field=models.CharField(max_length=18, verbose_name="USCC"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
