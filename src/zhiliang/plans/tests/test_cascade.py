"""任务分解: a province plan read below, adopted by 常州市 and (through the city's plan) by
武进区, progress rolling up to the province's board; a district reporter sees tasks
assigned to their unit from any level."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhiliang.plans.choices import ProgressStatus, UnitRole
from zhiliang.plans.models import Plan, ProgressReport, Target, Task, TaskUnit
from zhiliang.plans.rollup import rollup
from zhiliang.plans.services import cascade, report_submit

pytestmark = pytest.mark.django_db


def _adopt(people, who, parent, targets, tasks):
    return cascade.plan_adopt(
        actor=people[who], parent=parent, region=people[who].jurisdiction,
        targets=targets, tasks=tasks,
    )  # fmt: skip


def test_higher_plans_are_read_below_and_never_sideways(chain):
    plan, rate, brands, task, people = chain
    for who in ("city", "district", "reporter"):
        assert Plan.objects.visible_to(people[who]).filter(pk=plan.pk).exists()
        assert Task.objects.visible_to(people[who]).filter(pk=task.pk).exists()
    city_plan = _adopt(people, "city", plan, [{"parent": rate, "value": 92}], [])
    assert Plan.objects.visible_to(people["district"]).filter(pk=city_plan.pk).exists()
    assert Plan.objects.visible_to(people["neighbour"]).filter(pk=city_plan.pk).exists()
    city_rate = city_plan.targets.get()
    district_plan = _adopt(people, "district", city_plan, [{"parent": city_rate, "value": 95}], [])
    # A district's plan is not read by the district beside it.
    assert not Plan.objects.visible_to(people["neighbour"]).filter(pk=district_plan.pk).exists()
    assert not Target.objects.visible_to(people["neighbour"]).filter(plan=district_plan).exists()
    # Read, not changed: the plan of the level above is not the district's to edit.
    assert not Plan.objects.managed_by(people["district"]).filter(pk=plan.pk).exists()


def test_adopt_with_own_values_and_units_then_roll_up(chain):
    plan, rate, brands, task, people = chain
    city_plan = _adopt(
        people, "city", plan,
        [{"parent": rate, "value": "92"}, {"parent": brands, "value": "30", "deadline": "2026"}],
        [{"parent": task, "due_on": None, "lead": [people["city_bureau"].pk], "cooperating": []}],
    )  # fmt: skip
    assert city_plan.parent == plan and city_plan.targets.get(parent=rate).value == 92
    city_rate = city_plan.targets.get(parent=rate)
    city_task = city_plan.tasks.get()
    assert city_task.due_on == task.due_on and city_task.parent == task
    assert city_task.task_units.get().organization == people["city_bureau"]
    lead = people["district_bureau"].pk
    district_plan = _adopt(
        people, "district", city_plan,
        [{"parent": city_rate, "value": "95"}],
        [{"parent": city_task, "due_on": None, "lead": [lead], "cooperating": []}],
    )  # fmt: skip
    # Reports on the lower plans roll up to the province's board.
    today = timezone.localdate()
    for target, value in ((city_rate, "91"), (district_plan.targets.get(), "96.5")):
        ProgressReport.objects.create(
            plan=target.plan, target=target, organization=target.plan.created_by.organization,
            reported_on=today, status="in_progress", reported_value=Decimal(value),
            created_by=target.plan.created_by,
        )  # fmt: skip
    up = rollup(user=people["province"], plan=plan)
    assert [r["name"] for r in up["regions"]] == ["常州市", "武进区"]
    row = next(r for r in up["rows"] if r["target"] == rate)
    assert [c.latest_value for c in row["cells"]] == [91, Decimal("96.5")]
    # On track means against the region's own value: 常州市's 91 meets the province's 90
    # but not the 92 the city set itself.
    assert [c.met for c in row["cells"]] == [False, True]
    assert [r["on_track"] for r in up["regions"]] == [0, 1]
    brands_row = next(r for r in up["rows"] if r["target"] == brands)
    assert brands_row["cells"][1] is None  # 武进区 did not take it over
    assert [r["total"] for r in up["tasks"]] == [1, 1]
    # The city sees its own subtree's roll-up; the neighbour sees no plan at all.
    assert [r["name"] for r in rollup(user=people["city"], plan=plan)["regions"]] == [
        "常州市",
        "武进区",
    ]
    assert rollup(user=people["province"], plan=district_plan) is None


def test_adoption_refusals(chain, make_org):
    plan, rate, brands, task, people = chain
    with pytest.raises(PermissionDenied):  # the province cannot adopt its own plan
        _adopt(people, "province", plan, [{"parent": rate, "value": 1}], [])
    with pytest.raises(ValidationError):
        _adopt(people, "city", plan, [], [])
    nanjing = make_org("3201")
    with pytest.raises(ValidationError):  # a unit of another city
        _adopt(people, "city", plan, [], [
            {"parent": task, "lead": [nanjing.pk], "cooperating": []}
        ])  # fmt: skip
    with pytest.raises(ValidationError):
        _adopt(people, "city", plan, [{"parent": rate, "value": "九十"}], [])
    assert not Plan.objects.filter(parent=plan).exists()
    _adopt(people, "city", plan, [{"parent": rate, "value": 92}], [])
    with pytest.raises(ValidationError):  # once per region
        _adopt(people, "city", plan, [{"parent": rate, "value": 93}], [])


def test_reporter_sees_and_reports_tasks_of_any_level(client, chain):
    plan, rate, brands, task, people = chain
    bureau = people["district_bureau"]
    TaskUnit.objects.create(task=task, organization=bureau, role=UnitRole.COOPERATING)
    reporter = people["reporter"]
    client.force_login(reporter)
    html = client.get(reverse("plans:my-tasks")).content.decode()
    assert "实施质量提升工程" in html
    report = report_submit(actor=reporter, task=task, status=ProgressStatus.IN_PROGRESS)
    page = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert str(report.narrative) in page and bureau.name in page
    # The report is the district's own; the neighbour's office does not see it.
    assert not ProgressReport.objects.visible_to(people["neighbour"]).filter(pk=report.pk).exists()
    assert ProgressReport.objects.visible_to(people["province"]).filter(pk=report.pk).exists()


def test_adopt_page(client, chain):
    plan, rate, brands, task, people = chain
    client.force_login(people["district"])
    board = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:adopt", args=[plan.pk]) in board
    data = {
        "title": "武进区质量提升行动任务分解",
        f"t-{rate.pk}-adopt": "1",
        f"t-{rate.pk}-value": "93",
        f"t-{brands.pk}-adopt": "1",
        f"t-{brands.pk}-value": "1,000",  # as the page shows it
        f"k-{task.pk}-adopt": "1",
        f"k-{task.pk}-lead": [str(people["district_bureau"].pk)],
    }
    bad = client.post(
        reverse("plans:adopt", args=[plan.pk]), data | {f"t-{rate.pk}-deadline": "明年"}
    )
    assert bad.status_code == 400 and not Plan.objects.filter(parent=plan).exists()
    response = client.post(reverse("plans:adopt", args=[plan.pk]), data)
    mine = Plan.objects.get(parent=plan)
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:detail", args=[mine.pk]
    )
    assert mine.title == "武进区质量提升行动任务分解"
    assert sorted(mine.targets.values_list("value", flat=True)) == [93, 1000]
    # Adopted once: the button is gone, and the page sends back to the board.
    assert (
        reverse("plans:adopt", args=[plan.pk])
        not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    assert client.get(reverse("plans:adopt", args=[plan.pk])).status_code == 302


def test_plan_above_is_read_only_below(client, chain):
    plan, rate, brands, task, people = chain
    district = people["district"]
    client.force_login(district)
    board = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:edit", args=[plan.pk]) not in board
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:task-edit", args=[task.pk])).status_code == 404
    # The district's office reports on a task from above only for its own units.
    with pytest.raises(ValidationError):
        report_submit(
            actor=district, task=task, organization=people["province"].organization,
            status=ProgressStatus.DONE,
        )  # fmt: skip
    assert not ProgressReport.objects.exists()
