"""The plans API: 督办 notices, the jurisdiction matrix, query counts and the schema."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhiliang.plans import services
from zhiliang.plans.models import Evidence, SupervisionNotice, Task
from zhiliang.plans.tests import api_world
from zhiliang.plans.tests.api_world import A, _serial, _task, make_plan, reporter_of

world = api_world.world  # the fixture: two districts' plans, their units and staff

# -- 督办 notices -------------------------------------------------------------------------------


@pytest.fixture
def notice(world):
    assert services.notices_draft_overdue() == 1
    return SupervisionNotice.objects.get()


def test_reporters_see_only_notices_addressed_to_them(world, notice, api, make_user):
    addressed = reporter_of(api, make_user, world.market)
    assert addressed.get("/api/notices/").json()["count"] == 1
    cooperating = reporter_of(api, make_user, world.ndrc)
    assert cooperating.get("/api/notices/").json()["count"] == 0
    assert cooperating.get(f"/api/notices/{notice.pk}/").status_code == 404
    # … while plans and tasks of the jurisdiction stay visible to them.
    assert cooperating.get("/api/tasks/").json()["count"] == 2
    assert api("viewer", A).get("/api/notices/").json()["count"] == 1
    assert api(user=world.clerk).get("/api/notices/").json()["count"] == 1


def test_notice_lifecycle_through_the_api(world, notice, api, make_user):
    clerk = api(user=world.clerk)
    addressed = reporter_of(api, make_user, world.market)
    url = f"/api/notices/{notice.pk}/"
    r = addressed.post(f"{url}respond/", {"response": "已完成"}, format="json")
    assert r.status_code == 400 and r.json()["message"]  # still a draft
    assert addressed.post(f"{url}issue/", {"respond_by": "2030-01-01"}).status_code == 403
    assert clerk.post(f"{url}issue/", {}, format="json").status_code == 400
    r = clerk.post(f"{url}issue/", {"respond_by": "2030-01-01"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "issued"
    assert r.json()["respond_by"] == "2030-01-01"
    r = clerk.post(f"{url}issue/", {"respond_by": "2030-01-01"}, format="json")
    assert r.status_code == 400 and r.json()["message"]  # not a draft any more
    # The cooperating unit neither sees nor answers it; the office does not answer for it.
    cooperating = reporter_of(api, make_user, world.ndrc)
    assert cooperating.post(f"{url}respond/", {"response": "x"}).status_code == 404
    assert clerk.post(f"{url}respond/", {"response": "x"}, format="json").status_code == 403
    r = addressed.post(f"{url}respond/", {"response": "  "}, format="json")
    assert r.status_code == 400 and r.json()["message"]
    r = addressed.post(f"{url}respond/", {"response": "已于本月完成整改。"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "answered"
    assert addressed.post(f"{url}close/").status_code == 403
    r = clerk.post(f"{url}close/")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = clerk.post(f"{url}close/")
    assert r.status_code == 400 and r.json()["message"]  # closed already
    notice.refresh_from_db()
    assert notice.history.count() == 4 and notice.history.first().history_user == world.clerk


def test_a_draft_is_withdrawn_by_closing(world, notice, api):
    r = api(user=world.clerk).post(f"/api/notices/{notice.pk}/close/")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"


def test_notices_are_not_written_directly(world, notice, api):
    client = api(user=world.clerk)
    url = f"/api/notices/{notice.pk}/"
    assert client.patch(url, {"status": "closed"}, format="json").status_code in (403, 405)
    assert client.post("/api/notices/", {}, format="json").status_code in (403, 405)
    assert SupervisionNotice.objects.get().status == "draft"


# -- jurisdiction ---------------------------------------------------------------------------------


def _b_plan(world):
    return world.plan_b, world.plan_b.title, {"title": "改名"}


def _b_phase(world):
    return world.plan_b.phases.get(), None, {"name": "改名"}


def _b_target(world):
    return world.plan_b.targets.get(), None, {"indicator_code": "changed"}


def _b_task(world):
    return world.task_b, world.task_b.title, {"due_on": "2030-01-01"}


def _b_report(world):
    report = services.report_submit(
        actor=world.clerk_b, task=world.task_b, status="late", narrative="新北区的进展说明"
    )
    return report, report.narrative, {"narrative": "改写"}


def _b_notice(world):
    services.report_submit(actor=world.clerk_b, task=world.task_b, status="late")
    Task.objects.filter(pk=world.task_b.pk).update(due_on=date(2026, 1, 31))
    services.notices_draft_overdue()
    notice = SupervisionNotice.objects.get(task=world.task_b)
    return notice, notice.reason, {"response": "x", "respond_by": "2030-01-01"}


MATRIX = [
    ("/api/plans/", _b_plan, {"get", "patch"}),
    ("/api/phases/", _b_phase, {"get"}),
    ("/api/targets/", _b_target, {"get", "patch"}),
    ("/api/tasks/", _b_task, {"get", "patch"}),
    ("/api/progress-reports/", _b_report, {"get", "evidence/"}),
    ("/api/notices/", _b_notice, {"get", "issue/", "respond/", "close/"}),
]


@pytest.mark.parametrize("role", ["office_staff", "department_reporter"])
@pytest.mark.parametrize("url, make_record, offered", MATRIX)
def test_district_a_cannot_touch_district_b(world, api, make_user, url, make_record, offered, role):
    record, secret, change = make_record(world)
    before = record.history.count()
    client = (
        api(user=world.clerk)
        if role == "office_staff"
        else reporter_of(api, make_user, world.market)
    )
    listed = client.get(url, {"page_size": 500}).json()
    assert record.pk not in [r["id"] for r in listed["results"]]
    detail, missing = f"{url}{record.pk}/", f"{url}99999999/"
    calls = [(m, "") for m in ("get", "patch", "put", "delete")]
    calls += [("post", a) for a in offered if a.endswith("/")]
    for method, suffix in calls:
        response = getattr(client, method)(detail + suffix, change, format="json")
        # Exactly what a record that does not exist gets: nothing is revealed.
        assert (
            response.status_code
            == getattr(client, method)(missing + suffix, change, format="json").status_code
        ), (method, suffix)
        assert response.status_code in (403, 404, 405), (method, suffix, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        if secret:
            assert secret not in response.content.decode()
        if role == "office_staff" and (method in offered or suffix in offered):
            assert response.status_code == 404, (method, suffix, response.status_code)
    assert record.history.count() == before


def test_city_user_sees_both_districts(world, api):
    client = api("viewer", "3204")
    assert client.get("/api/plans/").json()["count"] == 2
    assert client.get(f"/api/tasks/{world.task_b.pk}/").status_code == 200


# -- query counts and schema ---------------------------------------------------------------


def _grow(world, make_org, make_user):
    """More plans, tasks with units, reports with evidence rows, notices."""
    long_ago = date(2026, 1, 31)
    for i in range(4):
        lead = make_org(A, f"常州市武进区测试局{next(_serial)}")
        coop = make_org(A, f"常州市武进区协作局{next(_serial)}")
        plan = make_plan(
            world.clerk,
            tasks=[_task(f"任务{i}-{j}", [lead], [coop, world.ndrc], long_ago) for j in range(3)],
        )
        for task in plan.tasks.all():
            report = services.report_submit(
                actor=world.clerk, task=task, organization=lead, status="late"
            )
            Evidence.objects.create(
                report=report, file="x.pdf", original_name="x.pdf", kind="pdf", size=1, sha256="0"
            )
        services.report_submit(
            actor=world.clerk, target=plan.targets.get(), status="done", reported_value=1
        )
    services.notices_draft_overdue()


LIST_URLS = ["plans", "phases", "targets", "tasks", "progress-reports", "notices"]


def test_list_query_counts_do_not_grow_with_rows(
    world, api, make_org, make_user, django_assert_max_num_queries
):
    services.report_submit(
        actor=world.clerk, task=world.quality, organization=world.market, status="late"
    )
    services.notices_draft_overdue()
    clerk = api(user=world.clerk)
    reporter = reporter_of(api, make_user, world.market)
    few = {}
    for client in (clerk, reporter):
        for url in LIST_URLS:
            clerk.get(f"/api/{url}/")  # warm caches (content types, permissions)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"/api/{url}/").status_code == 200
            few[client, url] = len(ctx)
    _grow(world, make_org, make_user)
    for client in (clerk, reporter):
        for url in LIST_URLS:
            with django_assert_max_num_queries(few[client, url]):
                data = client.get(f"/api/{url}/").json()
            assert data["count"] >= 1, url
    assert clerk.get("/api/tasks/").json()["count"] == 14


def test_schema_still_generates(api):
    client = api("viewer")
    r = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    text = r.content.decode()
    for path in (
        "/api/plans/",
        "/api/phases/",
        "/api/targets/",
        "/api/tasks/",
        "/api/progress-reports/",
        "/api/progress-reports/{id}/evidence/",
        "/api/notices/{id}/issue/",
        "/api/notices/{id}/respond/",
        "/api/notices/{id}/close/",
    ):
        assert path in text, path
