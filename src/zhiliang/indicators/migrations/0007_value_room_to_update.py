"""Figures leave room on their pages (PostgreSQL), and one index less.

A recompute after a change updates figures in place — at province scale about a quarter of
3.6 M, often every figure on a page (a region's periods sit together). With half of each page
free the new version stays on its page and no index gets an entry for it (a HOT update):
the update of 843,223 figures took 14.0 s on full pages and 7.1 s on half-full ones. Pages
written before this keep their fill until the table is rewritten (`VACUUM FULL
indicators_indicatorvalue`, see docs/deploy.md). SQLite: nothing.

The indicator's own index goes: the key (indicator, region, period) serves its look-ups.
"""

import django.db.models.deletion
from django.db import migrations, models

from zhiliang.core.migration_ops import page_fill


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_value_interval")]

    operations = [
        migrations.AlterField(
            model_name="indicatorvalue",
            name="indicator",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="values",
                to="indicators.indicator",
                verbose_name="indicator",
            ),
        ),
        page_fill("indicators_indicatorvalue", 50),
    ]
