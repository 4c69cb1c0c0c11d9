"""Import rows leave room on their pages (PostgreSQL): a committed or cancelled batch's
checked values are cleared (`_scrub`), an UPDATE of every valid row. With free space on the
page the new version stays there and no index gets an entry for it (a HOT update): for an
import of 100,000 rows about half of the clearing's time. SQLite: nothing."""

from django.db import migrations

from zhiliang.core.migration_ops import page_fill


class Migration(migrations.Migration):
    dependencies = [("imports", "0004_row_batch_index")]
    operations = [page_fill("imports_importrow", 70)]
