"""The plans REST API: lists, filters, writes through services, the reporter rule, 督办
actions, jurisdiction, query counts and the schema."""

import itertools
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Region
from zhiliang.plans import services
from zhiliang.plans.models import Evidence, Plan, ProgressReport, SupervisionNotice, Target, Task

A, B = "320412", "320411"  # 武进区, 新北区
_serial = itertools.count(1)


def make_plan(actor, region=A, tasks=(), targets=None, title=None):
    """A plan with one phase, one target (unless given) and the given tasks."""
    n = next(_serial)
    return services.plan_create(
        actor=actor,
        region=Region.objects.get(code=region),
        source_text=f"关于推进质量强区建设的实施方案（第{n}稿）……",
        meta={
            "title": title or f"质量强区建设实施方案{n}",
            "doc_number": f"武政办发〔2026〕{n}号",
            "issuer": "区政府办公室",
            "date": "2026-03-01",
            "period_start": "2026-01",
            "period_end": "2026-12",
        },
        targets=targets
        if targets is not None
        else [{"indicator": "监督抽查合格率", "comparator": ">=", "value": 95, "unit": "%"}],
        phases=[{"name": "动员部署阶段", "start": "2026-01", "end": "2026-03"}],
        tasks=list(tasks),
    )


def _task(title, lead=(), cooperating=(), due_on=None):
    return {
        "title": title,
        "lead": [o.pk for o in lead],
        "cooperating": [o.pk for o in cooperating],
        "due_on": due_on,
    }


@pytest.fixture
def world(make_org, make_user):
    office = make_org(A, "常州市武进区质量强区工作领导小组办公室", kind=OrganizationKind.OFFICE)
    market = make_org(A, "常州市武进区市场监督管理局")
    ndrc = make_org(A, "常州市武进区发展和改革局")
    commerce = make_org(A, "常州市武进区商务局")
    market_b = make_org(B, "常州市新北区市场监督管理局")
    clerk = make_user("office_staff", A, organization=office)
    clerk_b = make_user("office_staff", B, organization=market_b)
    yesterday = timezone.localdate() - timedelta(days=1)
    plan = make_plan(
        clerk,
        title="武进区质量提升行动方案",
        tasks=[
            _task("提升产品质量", lead=[market], cooperating=[ndrc], due_on=yesterday),
            _task("发展外贸品牌", lead=[commerce]),
        ],
    )
    plan_b = make_plan(
        clerk_b, region=B, title="新北区质量提升行动方案", tasks=[_task("新北任务", [market_b])]
    )
    return SimpleNamespace(
        clerk=clerk,
        clerk_b=clerk_b,
        office=office,
        market=market,
        ndrc=ndrc,
        commerce=commerce,
        market_b=market_b,
        plan=plan,
        plan_b=plan_b,
        quality=plan.tasks.get(title="提升产品质量"),
        trade=plan.tasks.get(title="发展外贸品牌"),
        target=plan.targets.get(),
        task_b=plan_b.tasks.get(),
    )


def reporter_of(api, make_user, org, region=A):
    return api(user=make_user("department_reporter", region, organization=org))


# -- lists and fields ---------------------------------------------------------------------


def test_lists_are_paginated_and_carry_units_and_latest_status(world, api):
    client = api("viewer", A)
    for url in ("plans", "phases", "targets", "tasks", "progress-reports", "notices"):
        data = client.get(f"/api/{url}/").json()
        assert set(data) == {"count", "next", "previous", "results"}, url
    plans = client.get("/api/plans/").json()
    assert plans["count"] == 1 and plans["results"][0]["region_code"] == A
    assert "source_text" not in plans["results"][0]
    task = client.get(f"/api/tasks/{world.quality.pk}/").json()
    assert task["lead_units"] == [{"id": world.market.pk, "name": world.market.name}]
    assert task["cooperating_units"] == [{"id": world.ndrc.pk, "name": world.ndrc.name}]
    assert task["latest_status"] is None and task["plan_title"] == "武进区质量提升行动方案"
    services.report_submit(
        actor=world.clerk, task=world.quality, organization=world.market, status="done"
    )
    assert client.get(f"/api/tasks/{world.quality.pk}/").json()["latest_status"] == "done"
    target = client.get(f"/api/targets/{world.target.pk}/").json()
    assert target["latest_value"] is None and target["comparator_name"]
    services.report_submit(
        actor=world.clerk,
        target=world.target,
        status="in_progress",
        reported_value="96.5",
        reported_on=date(2026, 1, 5),
    )
    services.report_submit(actor=world.clerk, target=world.target, status="in_progress")
    target = client.get(f"/api/targets/{world.target.pk}/").json()
    # The latest report with a value, not merely the latest report.
    assert (target["latest_value"], target["latest_reported_on"]) == ("96.5000", "2026-01-05")


def test_filters(world, api, make_user):
    other = make_plan(
        world.clerk, title="标准化战略实施方案", tasks=[_task("对标达标", [world.ndrc])]
    )
    services.report_submit(
        actor=world.clerk, task=world.trade, organization=world.commerce, status="in_progress"
    )
    services.report_submit(actor=world.clerk, target=world.target, status="done")
    services.notices_draft_overdue()
    client = api("viewer", A)

    def count(url, **query):
        r = client.get(f"/api/{url}/", query)
        assert r.status_code == 200, r.json()
        return r.json()["count"]

    assert count("plans", q="标准化") == 1 and count("plans", q="武政办发") == 2
    assert count("plans", region=A) == 2 and count("plans", region=A + "001") == 0
    assert count("plans", region=B) == 0  # a filter never widens the jurisdiction
    assert count("phases", plan=other.pk) == 1
    assert count("targets", plan=world.plan.pk) == 1
    assert count("tasks", plan=world.plan.pk) == 2
    assert count("tasks", unit=world.ndrc.pk) == 2  # cooperating here, lead there
    assert count("tasks", unit=world.market.pk) == 1
    assert count("tasks", overdue="true") == 1 and count("tasks", overdue="false") == 2
    assert count("progress-reports", task=world.trade.pk) == 1
    assert count("progress-reports", target=world.target.pk) == 1
    assert count("progress-reports", plan=world.plan.pk) == 2
    assert count("progress-reports", organization=world.commerce.pk) == 1
    assert count("progress-reports", plan=world.plan_b.pk) == 0
    assert count("notices", status="draft") == 1 and count("notices", status="issued") == 0
    assert count("notices", plan=world.plan.pk) == 1
    assert count("notices", to_organization=world.market.pk) == 1
    assert count("notices", to_organization=world.ndrc.pk) == 0
    # A done report takes a task off the overdue list.
    services.report_submit(
        actor=world.clerk, task=world.quality, organization=world.ndrc, status="done"
    )
    assert count("tasks", overdue="true") == 0 and count("tasks", overdue="false") == 3


# -- writes ---------------------------------------------------------------------------------


def test_office_staff_corrects_a_plan_and_history_records_who(world, api):
    client = api(user=world.clerk)
    url = f"/api/plans/{world.plan.pk}/"
    r = client.patch(url, {"title": "武进区质量提升行动方案（修订）"}, format="json")
    assert r.status_code == 200, r.json()
    world.plan.refresh_from_db()
    assert world.plan.title.endswith("（修订）")
    assert world.plan.history.first().history_user == world.clerk
    r = client.patch(url, {"period_start": "2026-12-01", "period_end": "2026-01-31"}, format="json")
    assert r.status_code == 400 and "period_end" in r.json()["message"]
    assert client.put(url, {"title": "x"}, format="json").status_code == 405
    assert client.post("/api/plans/", {"title": "x"}, format="json").status_code in (403, 405)


def test_office_staff_reschedules_tasks_and_links_indicators(world, api):
    client = api(user=world.clerk)
    r = client.patch(f"/api/tasks/{world.trade.pk}/", {"due_on": "2026-12-31"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["due_on"] == "2026-12-31" and r.json()["lead_units"][0]["id"]
    r = client.patch(f"/api/tasks/{world.trade.pk}/", {"title": "改名"}, format="json")
    assert Task.objects.get(pk=world.trade.pk).title == "发展外贸品牌"  # read-only field
    r = client.patch(
        f"/api/targets/{world.target.pk}/", {"indicator_code": "sampling_pass_rate"}, format="json"
    )
    assert r.status_code == 200 and r.json()["indicator_code"] == "sampling_pass_rate"
    target = Target.objects.get(pk=world.target.pk)
    assert target.history.first().history_user == world.clerk
    task = Task.objects.get(pk=world.trade.pk)
    assert task.due_on == date(2026, 12, 31) and task.history.first().history_user == world.clerk


@pytest.mark.parametrize("role", ["department_reporter", "viewer", "inspector"])
def test_only_office_staff_change_plans_tasks_and_targets(world, api, role):
    client = api(role, A)
    for url, change in (
        (f"/api/plans/{world.plan.pk}/", {"title": "x"}),
        (f"/api/tasks/{world.quality.pk}/", {"due_on": "2030-01-01"}),
        (f"/api/targets/{world.target.pk}/", {"indicator_code": "x"}),
    ):
        r = client.patch(url, change, format="json")
        assert r.status_code == 403 and r.json()["message"], url
    assert Plan.objects.get(pk=world.plan.pk).title != "x"


# -- the reporter rule ------------------------------------------------------------------------


def _report(**over):
    data = {"status": "in_progress", "narrative": "已完成年度抽查计划的60%。"}
    data.update(over)
    return data


def test_reporter_reports_on_the_tasks_their_organisation_holds(world, api, make_user):
    lead = reporter_of(api, make_user, world.market)
    r = lead.post("/api/progress-reports/", _report(task=world.quality.pk), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["organization"], body["plan"]) == (world.market.pk, world.plan.pk)
    assert body["reported_on"] == timezone.localdate().isoformat()
    report = ProgressReport.objects.get(pk=body["id"])
    assert report.history.get().history_user == lead.user and report.created_by == lead.user
    cooperating = reporter_of(api, make_user, world.ndrc)
    r = cooperating.post(
        "/api/progress-reports/",
        _report(task=world.quality.pk, reported_value="12.5", reported_on="2026-01-31"),
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["reported_value"] == "12.5000"


def test_reporter_cannot_report_for_tasks_or_units_not_theirs(world, api, make_user):
    client = reporter_of(api, make_user, world.market)
    # A task the organisation holds no part in.
    r = client.post("/api/progress-reports/", _report(task=world.trade.pk), format="json")
    assert r.status_code == 400 and world.market.name in r.json()["message"]
    # Another organisation, even one that holds the task.
    r = client.post(
        "/api/progress-reports/",
        _report(task=world.quality.pk, organization=world.ndrc.pk),
        format="json",
    )
    assert r.status_code == 400 and set(r.json()["errors"]) == {"organization"}
    # Targets are the office's to report.
    r = client.post("/api/progress-reports/", _report(target=world.target.pk), format="json")
    assert r.status_code == 400 and set(r.json()["errors"]) == {"target"}
    assert not ProgressReport.objects.exists()


def test_a_task_of_another_district_reads_as_missing(world, api, make_user):
    client = reporter_of(api, make_user, world.market)
    other = client.post("/api/progress-reports/", _report(task=world.task_b.pk), format="json")
    missing = client.post("/api/progress-reports/", _report(task=99999999), format="json")
    assert other.status_code == missing.status_code == 400
    assert set(other.json()["errors"]) == set(missing.json()["errors"]) == {"task"}
    assert world.task_b.title not in other.content.decode()
    assert other.json()["message"].replace(str(world.task_b.pk), "N") == missing.json()[
        "message"
    ].replace("99999999", "N")
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"reported_on": "2999-01-01"}, "reported_on"),
        ({"reported_on": "2026-02-30"}, "reported_on"),
        ({"reported_value": "九十"}, "reported_value"),
        ({"status": "finished"}, "status"),
        ({"task": None}, "task"),  # neither task nor target
    ],
)
def test_bad_reports_are_refused_with_a_message(world, api, make_user, change, fragment):
    client = reporter_of(api, make_user, world.market)
    r = client.post(
        "/api/progress-reports/", _report(**{"task": world.quality.pk, **change}), format="json"
    )
    assert r.status_code == 400 and r.json()["message"]
    assert fragment in r.json()["message"] or fragment in str(r.json().get("errors"))
    assert not ProgressReport.objects.exists()


def test_a_report_names_exactly_one_of_task_or_target(world, api):
    r = api(user=world.clerk).post(
        "/api/progress-reports/",
        _report(task=world.quality.pk, target=world.target.pk),
        format="json",
    )
    assert r.status_code == 400 and r.json()["message"]
    assert not ProgressReport.objects.exists()


def test_office_staff_report_for_any_unit_of_a_task(world, api):
    client = api(user=world.clerk)
    r = client.post(
        "/api/progress-reports/",
        _report(task=world.quality.pk, organization=world.ndrc.pk),
        format="json",
    )
    assert r.status_code == 201 and r.json()["organization_name"] == world.ndrc.name
    r = client.post(
        "/api/progress-reports/",
        _report(task=world.quality.pk, organization=world.commerce.pk),
        format="json",
    )
    assert r.status_code == 400  # not a unit of that task
    r = client.post(
        "/api/progress-reports/",
        _report(target=world.target.pk, reported_value=97),
        format="json",
    )
    assert r.status_code == 201 and r.json()["organization"] == world.office.pk
    r = client.post(
        "/api/progress-reports/",
        _report(target=world.target.pk, organization=world.market_b.pk),
        format="json",
    )
    assert r.status_code == 400  # an organisation outside the jurisdiction


@pytest.mark.parametrize("role", ["viewer", "inspector"])
def test_readers_cannot_report(world, api, role):
    r = api(role, A).post("/api/progress-reports/", _report(task=world.quality.pk), format="json")
    assert r.status_code == 403 and r.json()["message"]


# -- evidence -----------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_upload_is_judged_by_content(world, api, make_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = reporter_of(api, make_user, world.market)
    report = client.post(
        "/api/progress-reports/", _report(task=world.quality.pk), format="json"
    ).json()
    url = f"/api/progress-reports/{report['id']}/evidence/"
    r = client.post(url, {"file": SimpleUploadedFile("抽查报告.pdf", PDF)}, format="multipart")
    assert r.status_code == 201, r.json()
    assert (r.json()["kind"], r.json()["original_name"]) == ("pdf", "抽查报告.pdf")
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image")
    r = client.post(url, {"file": fake}, format="multipart")
    assert r.status_code == 400 and r.json()["message"]
    listed = client.get(f"/api/progress-reports/{report['id']}/").json()
    assert [e["kind"] for e in listed["evidence"]] == ["pdf"]
    download = client.get(f"{url}{listed['evidence'][0]['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # Another organisation of the district reads the report but adds nothing to it.
    other = reporter_of(api, make_user, world.commerce)
    r = other.post(url, {"file": SimpleUploadedFile("x.pdf", PDF)}, format="multipart")
    assert r.status_code == 400 and Evidence.objects.count() == 1
    # Another district does not see it at all.
    outsider = reporter_of(api, make_user, world.market_b, region=B)
    r = outsider.post(url, {"file": SimpleUploadedFile("x.pdf", PDF)}, format="multipart")
    assert r.status_code == 404
    assert outsider.get(f"{url}{listed['evidence'][0]['id']}/").status_code == 404


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
