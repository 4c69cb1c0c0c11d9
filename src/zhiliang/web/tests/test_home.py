"""The home page: what needs doing, per role, one query per panel, links to the same set."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhiliang.web import home

pytestmark = pytest.mark.django_db

ROLES = ("office_staff", "department_reporter", "inspector", "viewer")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response, len(queries)


def _stranger(role):
    """A user of `role` in 苏州市, where the demo made no record at all."""
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region
    from zhiliang.core.services import user_create

    org = Organization.objects.create(
        name=f"苏州市测试单位 {role}",
        kind=OrganizationKind.DEPARTMENT,
        region=Region.objects.get(code="3205"),
    )
    return user_create(
        actor=None, username=f"stranger-{role}", password="Quality-2026!", organization=org,
        roles=[role],
    )  # fmt: skip


def _numbers(panels) -> list[int]:
    return [c.n for p in panels for c in p.counts]


def _more_to_do():
    """Every open follow-up overdue, and a drawn enterprise not yet sampled in each draw
    (the demo samples every pick): rows in each panel."""
    from zhiliang.inspections.choices import OPEN_STATES
    from zhiliang.inspections.models import Draw, FollowUp

    yesterday = timezone.localdate() - timedelta(days=1)
    FollowUp.objects.filter(state__in=OPEN_STATES).update(overdue=True, due_on=yesterday)
    for draw in Draw.objects.filter(published_at__isnull=False):
        pick = draw.picks.first()
        pick.pk, pick.order = None, 10_000
        pick.save()


def _panel_queries(user):
    home.panels_for(user)  # roles and permissions are read once per request anyway
    with CaptureQueriesContext(connection) as queries:
        panels = home.home_panels(user)
    return panels, len(queries)


@pytest.mark.parametrize("role", ROLES)
def test_one_query_per_panel_however_many_records(demo_world, role):
    """The same role over the demo's district and over a region without a record: one
    query per panel (and one for the certificate kinds' renewal windows, which are data)."""
    _more_to_do()
    full, n_full = _panel_queries(demo_world.user(role, "320412"))
    empty, n_empty = _panel_queries(_stranger(role))
    assert [p.key for p in full] == [p.key for p in empty]
    assert sum(_numbers(full)) > 0 and any(p.rows for p in full)
    assert not any(_numbers(empty)) and not any(p.rows for p in empty)
    windows = 1 if home.CERTIFICATES in [p.key for p in full] else 0
    assert n_full == n_empty == len(full) + windows
    if role == "office_staff":  # the city's office sees rows in every panel that has them
        city, n_city = _panel_queries(demo_world.user(role, "3204"))
        rows = {p.key for p in city if p.rows}
        assert {home.TASKS, home.DRAWS, home.FOLLOWUPS, home.STANDING} <= rows
        assert n_city == n_full


def test_the_page_costs_the_same_for_a_district_and_its_city(demo_world):
    """The city sees both districts' records and more: the same number of queries."""
    _response, district = _home(demo_world.client("office_staff", "320412"))
    _response, city = _home(demo_world.client("office_staff", "3204"))
    assert district == city


def test_each_role_sees_the_panels_of_its_work(demo_world):
    def keys(role):
        response = demo_world.client(role, "320412").get("/")
        return [p.key for p in response.context["panels"]]

    assert keys("office_staff") == list(home.ALL)
    assert keys("department_reporter") == [home.TASKS, home.NOTICES, home.STANDING]
    assert keys("inspector") == [
        home.DRAWS, home.SAMPLES, home.FOLLOWUPS, home.EQUIPMENT, home.ASSESSMENTS, home.ALERTS,
    ]  # fmt: skip
    # The administrators see no business records, and so no panel.
    response = demo_world.client("system_admin", "320412").get("/")
    assert response.context["panels"] == []


def test_a_reporter_counts_only_its_own_tasks(demo_world):
    office = demo_world.client("office_staff", "320412").get("/").context["panels"][0]
    reporter = demo_world.client("department_reporter", "320412").get("/").context["panels"][0]
    assert office.key == reporter.key == home.TASKS
    assert reporter.counts[0].n <= office.counts[0].n
    assert "my-tasks" in reporter.counts[0].url


def _listed(response, url) -> int | None:
    context = response.context
    if url.endswith("#overdue"):  # the follow-up board's list of overdue ones
        return len(context["overdue"])
    if "page" in context and hasattr(context["page"], "paginator"):
        return context["page"].paginator.count
    for key in ("tasks", "notices"):
        if key in context:
            return len(context[key])
    return None


@pytest.mark.parametrize("role", ("office_staff", "department_reporter", "inspector"))
def test_each_count_opens_a_list_of_as_many_records(demo_world, role):
    client = demo_world.client(role, "320412")
    checked = 0
    for panel in client.get("/").context["panels"]:
        for count in panel.counts:
            response = client.get(count.url)
            assert response.status_code == 200, count.url
            if "?" not in count.url and "#" not in count.url:
                continue  # a page to start from, not a list of exactly this set
            assert _listed(response, count.url) == count.n, (panel.key, count.label, count.url)
            checked += 1
    assert checked >= 2


def test_rows_link_to_pages_that_open(demo_world):
    client = demo_world.client("office_staff", "320412")
    urls = {r.url for p in client.get("/").context["panels"] for r in p.rows}
    assert urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_page_says_what_needs_doing_in_chinese(demo_world):
    page = demo_world.client("office_staff", "320412").get("/").content.decode()
    assert "今日待办" in page and "逾期任务" in page
    assert "Overdue tasks" not in page
