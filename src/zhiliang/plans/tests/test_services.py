import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhiliang.core.models import Region
from zhiliang.plans import services
from zhiliang.plans.choices import NoticeStatus
from zhiliang.plans.models import Plan, ProgressReport, SupervisionNotice, Task

GOLD = Path(__file__).resolve().parents[4].parent / "shared" / "policy-extraction" / "gold"


def _plan(actor, region="320412", **over):
    data = dict(
        actor=actor,
        region=Region.objects.get(code=region),
        source_text="关于开展2019年质量品牌工作的实施意见……",
        meta={
            "title": "关于开展2019年质量品牌工作的实施意见",
            "doc_number": "常西科发〔2019〕24号",
            "date": "2019-05-13",
        },
        targets=[
            {
                "indicator": "监督抽查合格率",
                "comparator": ">=",
                "value": 95,
                "unit": "%",
                "deadline": "2019",
                "span": [3, 10],
            }
        ],
        phases=[{"name": "规划筹备阶段", "start": "2018-04", "end": "2018-05"}],
        tasks=[],
    )
    data.update(over)
    return services.plan_create(**data)


@pytest.fixture
def units(make_org):
    """武进区's market regulator and its development and reform bureau."""
    return (
        make_org("320412", "常州市武进区市场监督管理局"),
        make_org("320412", "常州市武进区发展和改革局"),
    )


def test_plan_with_phases_targets_and_units(make_user, units):
    clerk = make_user("office_staff", "320412")
    market, ndrc = units
    plan = _plan(
        clerk,
        tasks=[
            {
                "title": "大力提升产品质量",
                "lead": [market.pk],
                "cooperating": [ndrc.pk, market.pk],
                "as_written": {
                    "lead": ["区市场监管局"],
                    "cooperating": ["区发改委", "区政府有关单位"],
                },
            }
        ],
    )
    phase = plan.phases.get()
    assert (phase.starts_on, phase.ends_on) == (date(2018, 4, 1), date(2018, 5, 31))
    target = plan.targets.get()
    assert (target.comparator, target.value, target.unit, target.span_start) == (">=", 95, "%", 3)
    task = plan.tasks.get()
    assert {(u.organization_id, u.role) for u in task.task_units.all()} == {
        (market.pk, "lead"),
        (ndrc.pk, "cooperating"),
    }
    assert task.units_as_written["cooperating"][-1] == "区政府有关单位"
    assert plan.history.get().history_user == clerk


def test_same_document_twice_is_recognised(make_user):
    clerk = make_user("office_staff", "320412")
    _plan(clerk)
    with pytest.raises(ValidationError) as exc:
        _plan(clerk)
    assert exc.value.code == "duplicate"


def test_plan_outside_jurisdiction_or_without_rights_is_refused(make_user):
    with pytest.raises(PermissionDenied):
        _plan(make_user("office_staff", "320412"), region="320411")
    with pytest.raises(PermissionDenied):
        _plan(make_user("viewer", "320412"))


def test_bad_items_refuse_the_whole_plan(make_user):
    clerk = make_user("office_staff", "320412")
    with pytest.raises(ValidationError):
        _plan(clerk, targets=[{"indicator": "x", "comparator": "≈", "value": 1}])
    with pytest.raises(ValidationError):
        _plan(clerk, phases=[{"name": "x", "start": "2018-13", "end": "2018-14"}])
    with pytest.raises(ValidationError):
        _plan(clerk, tasks=[{"title": "t", "lead": [987654]}])
    assert not Plan.objects.exists()


@pytest.mark.skipif(not GOLD.exists(), reason="the shared folder is not beside the checkout")
def test_a_labelled_document_fits_the_records(make_user):
    gold = json.loads((GOLD / "004_f69051a3c1ed6a83.json").read_text())
    clerk = make_user("office_staff", "32")
    plan = _plan(
        clerk,
        region="32",
        meta=gold["meta"],
        targets=gold["targets"],
        phases=gold["phases"],
        tasks=[{"title": r["task"], "as_written": r} for r in gold["responsibilities"]],
    )
    assert plan.targets.count() == len(gold["targets"]) and plan.tasks.count() == len(
        gold["responsibilities"]
    )


def test_overdue_tasks_get_draft_notices_once(make_user, units):
    clerk = make_user("office_staff", "320412")
    market, ndrc = units
    plan = _plan(
        clerk,
        tasks=[
            {
                "title": "逾期未完成",
                "lead": [market.pk],
                "cooperating": [ndrc.pk],
                "due_on": "2026-06-30",
            },
            {"title": "逾期已完成", "lead": [market.pk], "due_on": "2026-06-30"},
            {"title": "未到期", "lead": [market.pk], "due_on": "2026-12-31"},
        ],
    )
    done = Task.objects.get(title="逾期已完成")
    ProgressReport.objects.create(
        plan=plan,
        task=done,
        organization=market,
        reported_on=date(2026, 6, 1),
        status="done",
        created_by=clerk,
    )
    late = Task.objects.get(title="逾期未完成")
    ProgressReport.objects.create(
        plan=plan,
        task=late,
        organization=market,
        reported_on=date(2026, 6, 1),
        status="in_progress",
        created_by=clerk,
    )
    assert services.notices_draft_overdue(today=date(2026, 11, 21)) == 1
    notice = SupervisionNotice.objects.get()
    assert (notice.task, notice.to_organization, notice.status) == (
        late,
        market,
        NoticeStatus.DRAFT,
    )
    assert (
        services.notices_draft_overdue(today=date(2026, 11, 22)) == 0
    )  # one open notice per task and unit


def test_notice_lifecycle(make_user, make_org, time_machine):
    time_machine.move_to("2026-11-21 10:00 +08:00")  # the day the scenario is set on
    clerk = make_user("office_staff", "320412")
    market = make_org("320412", "常州市武进区市场监督管理局")
    _plan(clerk, tasks=[{"title": "逾期", "lead": [market.pk], "due_on": "2026-01-31"}])
    services.notices_draft_overdue(today=date(2026, 11, 21))
    notice = SupervisionNotice.objects.get()
    reporter = make_user("department_reporter", "320412", organization=market)
    with pytest.raises(ValidationError):
        services.notice_respond(actor=reporter, notice=notice, response="已完成")  # not issued yet
    services.notice_issue(actor=clerk, notice=notice, respond_by=date(2026, 12, 5))
    outsider = make_user(
        "department_reporter", "320412", organization=make_org("320412", "常州市武进区商务局")
    )
    with pytest.raises(PermissionDenied):
        services.notice_respond(actor=outsider, notice=notice, response="x")
    services.notice_respond(actor=reporter, notice=notice, response="已于11月底完成整改。")
    services.notice_close(actor=clerk, notice=notice)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED and notice.history.count() == 4


@pytest.mark.parametrize(
    "comparator, goal, value, met",
    [
        (">=", 95, 95, True),
        (">=", 95, "94.9", False),
        (">", 95, 95, False),
        ("<=", 5, 5, True),
        ("<=", 5, "5.1", False),
        ("=", 3, 3, True),
        ("~", 100, 104, True),
        ("~", 100, 106, False),
        (">=", 95, None, None),
    ],
)
def test_target_met(comparator, goal, value, met):
    from decimal import Decimal

    from zhiliang.plans.selectors import target_met

    value = None if value is None else Decimal(str(value))
    assert target_met(comparator, Decimal(goal), value) is met


@pytest.mark.parametrize(
    "region, kind, role",
    [
        ("320411", "department", "lead"),  # another district's bureau
        ("320411", "department", "cooperating"),
        ("320412", "inspection_body", "lead"),  # a laboratory cannot lead a task
    ],
)
def test_task_units_must_be_nameable_by_the_reviewer(make_user, make_org, region, kind, role):
    """A unit of another district, or a lead unit of the wrong kind, is answered as a unit
    that does not exist; the plan is not stored."""
    clerk = make_user("office_staff", "320412")
    market = make_org("320412", "常州市武进区市场监督管理局")
    name = "常州市新北区某某局" if region != "320412" else "某某检验所"
    other = make_org(region, name, kind=kind)
    units = {"lead": [market.pk], "cooperating": []}
    units[role] = [other.pk]
    with pytest.raises(ValidationError) as caught:
        _plan(clerk, tasks=[{"title": "大力提升产品质量", **units}])
    assert "do not exist" in " ".join(caught.value.messages)
    assert other.name not in " ".join(caught.value.messages)
    assert not Plan.objects.exists()


def test_a_city_unit_may_lead_a_district_task(make_user, make_org):
    clerk = make_user("office_staff", "320412")
    city = make_org("3204", "常州市市场监督管理局")
    plan = _plan(clerk, tasks=[{"title": "大力提升产品质量", "lead": [city.pk], "cooperating": []}])
    assert plan.tasks.get().task_units.get().organization == city
