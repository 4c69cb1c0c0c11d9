"""`ScopedListTests`: what every business list must do, tested from one declaration.

A test class declares the model and where its lists are; the mixin's tests run against the
demo world (`demo_world`, built once per module: records of every model in 常州市 and both
its districts 武进区 320412 and 新北区 320411):

    class TestEnterprises(ScopedListTests):
        model = Enterprise
        page = "enterprises:list"              # list page URL name (or None)
        detail = "enterprises:detail"          # detail page URL name, takes the pk (or None)
        api = "enterprise"                     # API basename: <api>-list, <api>-detail (or None)
        filters = {"q": lambda row: row.name}  # values for filters that `value_for` cannot guess

- the lists (page and API) of a district user show none of the other district's records;
- the other district's detail (page and API) is answered exactly as a missing id;
- the administrator roles (三员分立) get 403 on the lists, anonymous visitors the log-in;
- each filter of the API's FilterSet accepts a valid value and narrows the list, and a
  malformed value is a 400 (or, for free text, simply matches), never a 500;
- a list makes as many queries for a few rows as for many.

Declare every business model with a list page or an API list in
`core/tests/test_lists.py` or `test_lists_more.py` (the demo world is built once per run
for all of them).
"""

from collections import Counter

import django_filters
import pytest
from django import forms
from django.core.paginator import Page
from django.db import connection
from django.db.models import Count, Max, Min, Model, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from zhiliang.core.filtersets import RegionSubtreeFilter
from zhiliang.core.roles import ADMIN_ROLES

A, B, CITY = "320412", "320411", "3204"  # 武进区, 新北区, 常州市
MISSING_ID = 987654321
MALFORMED = "x-1'%"
BOUNDS = {"gte": Max, "lte": Min}
# The filter value of a list whose rows each name a product (risk, warnings, cards).
BY_PRODUCT = {"product": lambda row: row.product.code}


def first_linked(model, field: str = "enterprise"):
    """A filter value for a link some rows leave empty: the id the first linked row names
    (the row the test starts from may be one without it)."""
    return lambda row: getattr(model.objects.exclude(**{field: None}).first(), f"{field}_id")


class ScopedListTests:
    model: type[Model]
    page: str | None = None
    detail: str | None = None
    api: str | None = None
    # Filter name → a value or `callable(row)`, `row` a record the city sees: for filters
    # with a method, and where the row's own value would not narrow.
    filters: dict = {}
    # Filters whose every valid value keeps the whole demo list (all plans are of 2025).
    keeps_all: frozenset = frozenset()
    # The role whose lists are read; the rows it sees are those of `visible_to`.
    role = "office_staff"

    # -- the data ------------------------------------------------------------------------

    def rows(self, code):
        return self.model._default_manager.in_region(code).order_by("pk")

    def user(self, world, code, role=None):
        return world.user(role or self.role, code)

    def page_client(self, world, code, role=None):
        return world.client(role or self.role, code)

    def api_client(self, world, code, role=None):
        client = APIClient()
        client.force_authenticate(self.user(world, code, role))
        return client

    def pairs(self):
        """(the user's district, the other district) for each district that has records."""
        return [(mine, theirs) for mine, theirs in ((A, B), (B, A)) if self.rows(theirs).exists()]

    # -- scoped lists ------------------------------------------------------------------------

    def test_page_lists_only_the_jurisdiction(self, demo_world, db):
        if not self.page:
            pytest.skip("no list page")
        assert self.pairs(), f"the demo has no {self.model.__name__} in either district"
        for mine, theirs in self.pairs():
            listed = self.listed_on_page(self.page_client(demo_world, mine))
            assert not listed.intersection(self.rows(theirs).values_list("pk", flat=True))
        assert self.listed_on_page(self.page_client(demo_world, CITY)), "the city sees none"

    def listed_on_page(self, client) -> set:
        response = client.get(reverse(self.page))
        assert response.status_code == 200, response.status_code
        found, pks = False, set()
        for value in _context_values(response):
            rows = _rows_of(value, self.model)
            if rows is not None:
                found = True
                pks.update(rows)
        assert found, f"{self.page} shows no list of {self.model.__name__}"
        return pks

    def test_api_lists_only_the_jurisdiction(self, demo_world, db):
        if not self.api:
            pytest.skip("no API")
        for code in (A, B, CITY):
            response = self.api_client(demo_world, code).get(reverse(f"{self.api}-list"))
            visible = self.model._default_manager.visible_to(self.user(demo_world, code))
            assert response.json()["count"] == visible.count() > 0, code
            listed = [r["id"] for r in response.json()["results"]]
            assert visible.filter(pk__in=listed).count() == len(listed), code
        for mine, theirs in self.pairs():
            visible = self.model._default_manager.visible_to(self.user(demo_world, mine))
            assert not visible.filter(pk__in=self.rows(theirs).values("pk")).exists()

    # -- another district's record is missing ------------------------------------------------

    def test_page_detail_outside_is_missing(self, demo_world, db):
        if not self.detail:
            pytest.skip("no detail page")
        for mine, theirs in self.pairs():
            client = self.page_client(demo_world, mine)
            record = self.rows(theirs).first()
            missing = _missing_pk(record)
            assert client.get(reverse(self.detail, args=[record.pk])).status_code == 404
            assert client.get(reverse(self.detail, args=[missing])).status_code == 404
            assert (
                self.page_client(demo_world, CITY)
                .get(reverse(self.detail, args=[record.pk]))
                .status_code
                == 200
            )

    def test_api_detail_outside_is_missing(self, demo_world, db):
        if not self.api:
            pytest.skip("no API")
        for mine, theirs in self.pairs():
            client = self.api_client(demo_world, mine)
            record = self.rows(theirs).first()
            theirs_response = client.get(reverse(f"{self.api}-detail", args=[record.pk]))
            missing = client.get(reverse(f"{self.api}-detail", args=[_missing_pk(record)]))
            assert theirs_response.status_code == missing.status_code == 404
            assert theirs_response.json() == missing.json()

    # -- administrators ----------------------------------------------------------------------

    @pytest.mark.parametrize("admin_role", sorted(ADMIN_ROLES))
    def test_administrators_may_not_open_the_lists(self, demo_world, db, admin_role):
        if self.page:
            client = self.page_client(demo_world, CITY, admin_role)
            assert client.get(reverse(self.page)).status_code == 403
        if self.api:
            client = self.api_client(demo_world, CITY, admin_role)
            assert client.get(reverse(f"{self.api}-list")).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, db):
        if self.page:
            response = Client().get(reverse(self.page))
            assert response.status_code == 302 and "/login/" in response["Location"]
        if self.api:
            assert APIClient().get(reverse(f"{self.api}-list")).status_code in (401, 403)

    # -- filters -----------------------------------------------------------------------------

    def filterset(self):
        return resolve(reverse(f"{self.api}-list")).func.cls.filterset_class

    def test_each_filter_narrows(self, demo_world, db):
        if not self.api:
            pytest.skip("no API")
        client, url = self.api_client(demo_world, CITY), reverse(f"{self.api}-list")
        total = client.get(url).json()["count"]
        visible = self.model._default_manager.visible_to(self.user(demo_world, CITY))
        row = visible.order_by("pk").first()

        def count(name, value):
            response = client.get(url, {name: value})
            assert response.status_code == 200, (name, value, response.json())
            return response.json()["count"]

        for name, f in self.filterset().base_filters.items():
            if name in self.filters:
                given = self.filters[name]
                value = given(row) if callable(given) else given
                n = count(name, value)
                assert 0 < n <= total, (name, value, n)
                assert n == total if name in self.keeps_all else n < total, (name, value, n)
            elif isinstance(f, django_filters.BooleanFilter):
                # Yes and no split the list in two.
                assert count(name, "true") + count(name, "false") == total, name
            elif isinstance(f, RegionSubtreeFilter):
                code = A if self.rows(A).exists() else B
                inside = visible.filter(pk__in=self.rows(code).values("pk")).count()
                assert 0 < count(name, code) == inside, (name, code)
            else:
                assert not f.method, f"declare a value for the filter {name!r} (it has a method)"
                value = self.value_of(f, row)
                n = count(name, value)
                assert 0 < n <= total, (name, value, n)
                # The row's own value narrows wherever some rows hold another one.
                if visible.exclude(**{f.field_name: value}).exists():
                    assert n < total, (name, value, n, total)

    def value_of(self, f, row):
        """The row's value of the filtered field; for a bound, the last value it lets in
        (the latest date for "on or after")."""
        if f.lookup_expr in BOUNDS:
            rows = self.rows(CITY).filter(**{f"{f.field_name}__isnull": False})
            return rows.aggregate(v=BOUNDS[f.lookup_expr](f.field_name))["v"]
        value = row
        for part in f.field_name.split("__"):
            value = getattr(value, part)
        return value.pk if isinstance(value, Model) else value

    def test_malformed_filter_values_are_refused(self, demo_world, db):
        if not self.api:
            pytest.skip("no API")
        client, url = self.api_client(demo_world, CITY), reverse(f"{self.api}-list")
        for name, f in self.filterset().base_filters.items():
            response = client.get(url, {name: MALFORMED})
            free_text = issubclass(f.field_class, forms.CharField) and not issubclass(
                f.field_class, forms.ChoiceField
            )
            lenient = free_text or isinstance(f, django_filters.BooleanFilter)
            expected = (200, 400) if lenient else (400,)
            assert response.status_code in expected, (name, response.status_code)

    # -- query counts ------------------------------------------------------------------------

    def test_list_queries_do_not_grow_with_rows(self, demo_world, db):
        self.add_rows(demo_world)
        if self.api:  # the same user, 3 rows a page and 30 (or as many as the demo has)
            client = self.api_client(demo_world, CITY)
            url = reverse(f"{self.api}-list")
            many = min(30, client.get(url).json()["count"])
            few = min(3, many - 1)
            assert few > 0, f"the demo has {many} {self.model.__name__} in {CITY}"
            counts = [self.queries(client, url, {"page_size": n}) for n in (few, many)]
            assert counts[0] == counts[1], (url, few, many, counts)
        if self.page:  # a jurisdiction with few rows and one with many
            url, codes = reverse(self.page), self.scopes()
            clients = [_logged_in(Client)(self.scope_user(demo_world, code)) for code in codes]
            counts = [self.queries(client, url) for client in clients]
            assert counts[0] == counts[1], (url, codes, counts)

    def queries(self, client, url, params=None) -> int:
        client.get(url, params)  # caches (content types, regions) warm up first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    def add_rows(self, world):
        """Where the demo has too few rows to tell few from many, add some."""

    def shown(self, queryset):
        """The rows the list page shows when it opens (all, unless it filters by default)."""
        return queryset

    def scopes(self):
        """Two jurisdictions in 常州市 whose list pages show few and many rows (one grouped
        query)."""
        queryset = self.shown(self.model._default_manager.in_region(CITY))
        path = f"{self.model._default_manager.none().region_field}__code"
        totals = Counter()
        for code, n in queryset.values_list(path).annotate(n=Count("pk")):
            for length in (4, 6, 9):
                if len(code) >= length:
                    totals[code[:length]] += n
        shown = {code: min(n, 50) for code, n in totals.items()}
        few, many = min(shown, key=shown.get), max(shown, key=shown.get)
        assert shown[few] < shown[many], f"the demo's {self.model.__name__} rows: {dict(totals)}"
        return few, many

    def scope_user(self, world, code):
        if (self.role, code) in world.users:
            return world.user(self.role, code)
        from zhiliang.core.choices import OrganizationKind
        from zhiliang.core.models import Organization, Region
        from zhiliang.core.services import user_create

        org = Organization.objects.filter(region__code=code).first()
        if org is None:
            region = Region.objects.get(code=code)
            org = Organization.objects.create(
                name=f"{region.name}市场监督管理局", kind=OrganizationKind.DEPARTMENT, region=region
            )
        return user_create(
            actor=None, username=f"scope-{code}", password="Tq7-lists-Vw9!", organization=org,
            roles=[self.role],
        )  # fmt: skip


def _logged_in(client_class):
    def make(user):
        client = client_class()
        if isinstance(client, APIClient):
            client.force_authenticate(user)
        else:
            client.force_login(user)
        return client

    return make


def _context_values(response):
    contexts = response.context
    for context in contexts if isinstance(contexts, ContextList) else [contexts]:
        yield from context.flatten().values()


def _rows_of(value, model):
    """The pks of `model` rows a context value lists, or None if it lists none."""
    if isinstance(value, Page):
        value = value.paginator.object_list
    if isinstance(value, QuerySet) and value.model is model:
        return (
            set(value.values_list("pk", flat=True))
            if not value.query.is_sliced
            else {row.pk for row in value}
        )
    if isinstance(value, list | tuple) and value:
        # A page may list rows with what it computed for each: [(row, …), …].
        rows = [v[0] if isinstance(v, tuple) and v else v for v in value]
        if all(isinstance(row, model) for row in rows):
            return {row.pk for row in rows}
    return None


def _missing_pk(record):
    import uuid

    from django.db import models

    return uuid.uuid4() if isinstance(record._meta.pk, models.UUIDField) else MISSING_ID
