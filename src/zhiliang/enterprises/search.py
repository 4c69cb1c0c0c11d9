"""Name search ("contains") that an index can serve on PostgreSQL, for two characters too.

Chinese names are searched with two characters (恒瑞). pg_trgm's index (migration 0004)
serves terms of three or more; for two, migration 0010 adds a GIN index on the name's
character bigrams, `zl_name_bigrams(name)` (upper-cased, as `icontains` compares). A
two-character term is in a name exactly when it is one of its bigrams; the `icontains`
condition stays, so the rows are the same as a plain scan's. SQLite (district scale)
scans its names.
"""

from django.db import connections
from django.db.models import Func, Q, TextField

BIGRAMS_FUNCTION = "zl_name_bigrams"


def name_contains(queryset, value: str) -> Q:
    """The condition "the name contains `value`" (case-insensitive) for `queryset`."""
    contains = Q(name__icontains=value)
    if len(value) != 2 or connections[queryset.db].vendor != "postgresql":
        return contains
    # Imported here: django.contrib.postgres needs psycopg, which SQLite sites may lack.
    from django.contrib.postgres.fields import ArrayField

    array = ArrayField(TextField())
    bigrams = Func("name", function=BIGRAMS_FUNCTION, output_field=array)
    return contains & Q(array.get_lookup("contains")(bigrams, [value.upper()]))
