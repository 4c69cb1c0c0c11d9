"""Small reads for summary panels (the home page): a count and the first few rows in
one query, so that a panel costs one round trip however many records it counts."""

from django.db.models import Count, Window

from zhiliang.core.freshness import cached_rows


def head_and_total(queryset, n: int = 5) -> tuple[int, list]:
    """The first `n` rows of `queryset` and how many rows it has, in one query.

    The count is a window over the whole filtered set, computed before the LIMIT.
    """
    # Cached until a table it reads is written: the home page's panels (core.freshness).
    rows = cached_rows(queryset.annotate(summary_total=Window(Count("pk")))[:n])
    if not rows:
        return 0, []
    first = rows[0]
    total = first["summary_total"] if isinstance(first, dict) else first.summary_total
    return total, rows
