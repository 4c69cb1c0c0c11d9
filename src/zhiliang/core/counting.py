"""Counts that stay cheap on big lists: exact up to a bound, the planner's estimate above it.

An exact `COUNT(*)` over a city's 560,000 enterprises costs more than the rest of the page
(12 of 23 ms on PostgreSQL), and every list page and API page asks for it. Counting stops
after `EXACT_UP_TO + 1` rows (an index range read of at most that many entries), so small
results keep their exact count. Above the bound PostgreSQL answers with its planner's row
estimate (EXPLAIN: no rows read), marked as estimated: pages show "约 …", the API says
`count_estimated: true`. SQLite, the district-scale engine, has no row estimate and counts
its few ten thousand rows exactly.

Either answer is cached until a table the list reads is written (`core.freshness`).
"""

import json

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models.query import ModelIterable, QuerySet
from django.utils.functional import cached_property

from zhiliang.core import freshness

EXACT_UP_TO = 10_000


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` returns; None on other engines."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def cheap_count(queryset, exact_up_to: int | None = None) -> tuple[int, bool]:
    """(count, estimated): exact up to `exact_up_to`; above it an estimate where one exists."""
    exact_up_to = EXACT_UP_TO if exact_up_to is None else exact_up_to
    rows = queryset.order_by().values("pk")
    return freshness.cached_query(
        rows, lambda: _cheap_count(queryset, exact_up_to), f"cheap_count {exact_up_to}"
    )


def _cheap_count(queryset, exact_up_to: int) -> tuple[int, bool]:
    bounded = queryset.order_by().values("pk")[: exact_up_to + 1].count()
    if bounded <= exact_up_to:
        return bounded, False
    estimate = planner_estimate(queryset)
    if estimate is None:
        return queryset.count(), False
    # The planner may guess low; the list has at least the rows just counted.
    return max(estimate, bounded), True


class CheapCountPaginator(Paginator):
    """Django's paginator with `cheap_count`; with an estimate, pages are not cut at its end.

    When the count is estimated, page numbers past the estimated last page are still
    served if rows are there, and "next" is known by reading one row more than a page.
    """

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        return cheap_count(self.object_list)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def estimated(self) -> bool:
        return self._counted[1]

    def validate_number(self, number):
        if not self.estimated:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:  # past the rows when the estimate was high: the first page
            return self.page(1)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.estimated:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(_read(self.object_list[bottom:top]), number, self)
        rows = _read(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        page = EstimatedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page


def _read(rows) -> list:
    """A page's rows. Rows read as values (the API's column-read lists, `core.api.lean`) are
    cached like the count, until a table they read is written: the users of one office
    opening the same page share one read. Model instances are read every time."""
    if isinstance(rows, QuerySet) and not issubclass(rows._iterable_class, ModelIterable):
        return freshness.cached_rows(rows)
    return list(rows)


class EstimatedPage(Page):
    more = False

    def has_next(self):
        return self.more
