"""The plans REST API: lists, filters, writes through services, the reporter rule and
evidence (督办 notices, jurisdiction, query counts and the schema: test_api_scope.py)."""

from datetime import date

import pytest
from django.utils import timezone

from zhiliang.plans import services
from zhiliang.plans.models import Evidence, Plan, ProgressReport, Target, Task
from zhiliang.plans.tests import api_world
from zhiliang.plans.tests.api_world import A, B, _task, make_plan, reporter_of

world = api_world.world  # the fixture: two districts' plans, their units and staff

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
