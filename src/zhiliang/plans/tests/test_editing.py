"""Editing a saved plan: targets, tasks with units and due dates, phases; history; items with
reports kept; role and jurisdiction checked; bad input refused with nothing changed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from zhiliang.plans.models import Phase, Target, Task, TaskUnit
from zhiliang.plans.services import editing

pytestmark = pytest.mark.django_db


def test_target_add_correct_and_remove_with_history(world):
    clerk, plan, *_ = world
    data = {"indicator_text": "监督抽查合格率", "comparator": ">=", "value": "95", "unit": "%"}
    target = editing.target_save(actor=clerk, plan=plan, data=data)
    editing.target_save(actor=clerk, plan=plan, target=target, data={"value": "96.5"})
    target.refresh_from_db()
    assert target.value == 96.5
    assert [h.history_user for h in target.history.all()] == [clerk, clerk]
    pk = target.pk
    editing.target_delete(actor=clerk, target=target)
    assert not Target.objects.filter(pk=pk).exists()
    assert Target.history.filter(id=pk).first().history_type == "-"


def test_reported_items_are_kept(world):
    clerk, plan, tasks, *_ = world
    with pytest.raises(ValidationError):
        editing.task_delete(actor=clerk, task=tasks["late"])
    with pytest.raises(ValidationError):  # a notice hangs on it
        editing.task_delete(actor=clerk, task=tasks["overdue"])
    editing.task_delete(actor=clerk, task=tasks["open"])
    assert set(plan.tasks.values_list("title", flat=True)) == {
        "建立质量奖励制度",
        "推进标准化建设",
        "开展质量提升行动",
    }


def test_task_units_and_due_date_change_keep_reports(world):
    clerk, plan, tasks, market, reform = world
    task = tasks["late"]
    n_reports = task.reports.count()
    editing.task_save(
        actor=clerk, plan=plan, task=task, data={"due_on": date(2030, 6, 30)},
        lead=[market], cooperating=[reform, market],
    )  # fmt: skip
    units = dict(TaskUnit.objects.filter(task=task).values_list("organization__name", "role"))
    assert units == {market.name: "lead", reform.name: "cooperating"}
    task.refresh_from_db()
    assert task.due_on == date(2030, 6, 30) and task.reports.count() == n_reports
    # The role change is a change of the unit's record, in its history.
    unit = TaskUnit.objects.get(task=task, organization=reform)
    assert unit.history.first().history_user == clerk and unit.history.count() == 2


def test_refusals_change_nothing(world, make_user, make_org):
    clerk, plan, tasks, market, reform = world
    with pytest.raises(ValidationError):
        editing.phase_save(
            actor=clerk, plan=plan,
            data={"name": "实施阶段", "starts_on": date(2026, 5, 1), "ends_on": date(2026, 1, 1)},
        )  # fmt: skip
    assert not Phase.objects.exists()
    neighbour = make_org("320411", "常州市新北区市场监督管理局")
    with pytest.raises(ValidationError):
        editing.task_save(
            actor=clerk, plan=plan, task=tasks["open"], data={"title": "改名"},
            lead=[neighbour], cooperating=[],
        )  # fmt: skip
    assert Task.objects.get(pk=tasks["open"].pk).title == "培育质量标杆企业"
    with pytest.raises(PermissionDenied):
        editing.target_save(
            actor=make_user("viewer", "320412"), plan=plan,
            data={"indicator_text": "x", "comparator": ">=", "value": 1},
        )  # fmt: skip
    with pytest.raises(Http404):  # another district's office: as if the plan did not exist
        editing.phase_save(actor=make_user("office_staff", "320411"), plan=plan, data={"name": "x"})


def test_edit_pages(client, world, make_user):
    clerk, plan, tasks, market, reform = world
    client.force_login(clerk)
    page = client.get(reverse("plans:edit", args=[plan.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("plans:item-add", args=[plan.pk, "target"]),
        {"indicator_text": "品牌数", "comparator": ">=", "value": "abc"},
    )
    assert response.status_code == 400 and not Target.objects.exists()
    response = client.post(
        reverse("plans:item-add", args=[plan.pk, "phase"]),
        {"name": "总结阶段", "starts_on": "2026-11-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 302 and plan.phases.get().name == "总结阶段"
    response = client.post(
        reverse("plans:task-edit", args=[tasks["open"].pk]),
        {"title": "培育质量标杆企业", "due_on": "2031-01-31", "lead": [reform.pk]},
    )
    assert response.status_code == 302
    assert tasks["open"].task_units.get().organization == reform
    # The viewer and a neighbouring office cannot open the pages.
    client.force_login(make_user("viewer", "320412"))
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:task-edit", args=[tasks["open"].pk])).status_code == 404
