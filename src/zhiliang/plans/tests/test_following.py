"""Following the work: a task's page with reports, evidence and notices; completed late;
on-time completion per unit and plan; the board's per-target trend."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhiliang.plans import board
from zhiliang.plans.choices import TaskState, UnitRole
from zhiliang.plans.models import ProgressReport, Target, Task, TaskUnit
from zhiliang.plans.tests.conftest import PDF

pytestmark = pytest.mark.django_db


def test_states_completed_late_is_not_done_on_time(world):
    clerk, plan, tasks, *_ = world
    rows = board.plan_board(user=clerk, pk=plan.pk)["tasks"]
    states = {t.title: t.state for t in rows}
    assert states == {
        "建立质量奖励制度": TaskState.DONE,
        "推进标准化建设": TaskState.DONE_LATE,
        "开展质量提升行动": TaskState.OVERDUE,
        "培育质量标杆企业": TaskState.NOT_REPORTED,
    }
    # A task reported done late is not overdue any more, on the list either.
    listed = {t.title: (t.state, t.is_overdue) for t in board_rows(clerk)}
    assert listed["推进标准化建设"] == (TaskState.DONE_LATE, False)
    assert listed["开展质量提升行动"] == (TaskState.OVERDUE, True)


def board_rows(user):
    from zhiliang.plans.selectors import task_rows

    return task_rows(user=user)


def test_on_time_completion_per_unit_and_plan_in_one_query(world, django_assert_num_queries):
    clerk, plan, tasks, market, reform = world
    with django_assert_num_queries(1):
        by_unit = {
            r["name"]: r for r in board.completion_counts(Task.objects.all(), by="organization")
        }
    assert (by_unit[reform.name]["on_time"], by_unit[reform.name]["late"]) == (1, 1)
    assert by_unit[reform.name]["rate"] == 0.5
    assert (by_unit[market.name]["overdue"], by_unit[market.name]["open"]) == (1, 1)
    assert by_unit[market.name]["rate"] == 0.0
    # A second lead unit on a task does not count the task twice for the plan.
    TaskUnit.objects.create(task=tasks["on_time"], organization=market, role=UnitRole.LEAD)
    (row,) = board.on_time_completion(user=clerk, by="plan")
    assert (row["total"], row["on_time"], row["late"], row["overdue"]) == (4, 1, 1, 1)


def test_target_trend(world):
    clerk, plan, *_ = world
    target = Target.objects.create(
        plan=plan, indicator_text="监督抽查合格率", comparator=">=", value=95, unit="%"
    )
    today = timezone.localdate()
    for ago, value in ((30, 93), (5, 96)):
        ProgressReport.objects.create(
            plan=plan, target=target, organization=clerk.organization, status="in_progress",
            reported_on=today - timedelta(days=ago), reported_value=value, created_by=clerk,
        )  # fmt: skip
    (row,) = board.target_rows(plan=plan)
    assert (row.latest_value, row.previous_value, row.met) == (96, 93, True)
    assert (row.trend, row.trend_good) == ("up", True)


def test_task_page_shows_reports_evidence_and_notices(client, world):
    clerk, plan, tasks, market, reform = world
    client.force_login(clerk)
    html = client.get(reverse("plans:task", args=[tasks["late"].pk])).content.decode()
    assert "说明推进标准化建设" in html and reform.name in html
    assert "逾期完成" in html and "推进标准化建设进展" in html
    evidence = tasks["late"].reports.get(evidence__isnull=False).evidence.get()
    url = reverse("plans:evidence", args=[evidence.report_id, evidence.pk])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    overdue = client.get(reverse("plans:task", args=[tasks["overdue"].pk])).content.decode()
    assert "逾期未完成，请说明" in overdue
    # Linked from the board, the office's task list and the notices.
    detail = reverse("plans:task", args=[tasks["overdue"].pk])
    for page in ("plans:tasks", "plans:notices"):
        assert detail in client.get(reverse(page)).content.decode()
    assert detail in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()


def test_reporter_sees_the_task_and_opens_the_evidence(client, world, make_user):
    clerk, plan, tasks, market, reform = world
    reporter = make_user("department_reporter", "320412", organization=reform)
    client.force_login(reporter)
    assert (
        reverse("plans:task", args=[tasks["late"].pk])
        in client.get(reverse("plans:my-tasks")).content.decode()
    )
    evidence = tasks["late"].reports.get(evidence__isnull=False).evidence.get()
    assert (
        client.get(reverse("plans:evidence", args=[evidence.report_id, evidence.pk])).status_code
        == 200
    )
    # The report number must match the file's: another report's id is answered as missing.
    other = tasks["on_time"].reports.get()
    assert client.get(reverse("plans:evidence", args=[other.pk, evidence.pk])).status_code == 404


def test_out_of_jurisdiction_task_and_evidence_are_missing(client, world, make_user):
    clerk, plan, tasks, *_ = world
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(reverse("plans:task", args=[tasks["late"].pk])).status_code == 404
    evidence = tasks["late"].reports.get(evidence__isnull=False).evidence.get()
    url = reverse("plans:evidence", args=[evidence.report_id, evidence.pk])
    assert client.get(url).status_code == 404
    client.force_login(make_user("system_admin", "320412"))
    assert client.get(url).status_code in (403, 404)
