from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from zhiliang.core.models import Organization, User
from zhiliang.demo.organizations import organizations_ensure
from zhiliang.plans.choices import NoticeStatus, ProgressStatus, UnitRole
from zhiliang.plans.demo import demo_plans_load
from zhiliang.plans.models import Plan, ProgressReport, SupervisionNotice, Task, TaskUnit
from zhiliang.plans.selectors import latest_report_status


@pytest.fixture
def loaded(regions):
    organizations_ensure(scope="3204")
    return demo_plans_load(seed=1)


def _lead(title: str) -> list[str]:
    units = TaskUnit.objects.filter(task__title=title, role=UnitRole.LEAD).order_by("id")
    return [u.organization.name for u in units]


def test_two_plans_from_the_real_extractor(loaded):
    assert loaded["plans_created"] == 2
    wujin = Plan.objects.get(region__code="320412")
    jiangsu = Plan.objects.get(region__code="32")
    assert wujin.doc_number == "常西科发〔2019〕24号"
    assert jiangsu.doc_number == "苏政办发〔2012〕123号"
    assert wujin.targets.count() == 24 and wujin.tasks.count() == 6
    assert jiangsu.targets.count() == 14 and jiangsu.tasks.count() == 26
    # Neither document has dated stages.
    assert loaded["phases"] == 0
    assert wujin.created_by.username == "wujin.office"
    assert jiangsu.created_by.username == "jiangsu.office"
    assert {a["username"] for a in loaded["accounts"]} == {"wujin.office", "jiangsu.office"}


def test_units_resolve_and_missing_departments_are_created(loaded):
    market = Organization.objects.get(name="常州市武进区市场监督管理局")
    assert _lead("大力推进技术标准战略") == [market.name]
    assert _lead("加强质量法律法规的培训力度") == ["常州市武进区司法局"]
    # 省质监局 and 省工商局 are one bureau since 2018.
    assert _lead("督促企业落实质量安全社会责任").count("江苏省市场监督管理局") == 1
    province = set(Organization.objects.filter(region__code="32").values_list("name", flat=True))
    assert {"江苏省市场监督管理局", "江苏省统计局", "江苏省质量工作领导小组办公室"} <= province
    assert "省有关部门" not in province
    task = Task.objects.get(title="加强名牌培育工作")
    assert task.units_as_written["cooperating"] == ["省有关部门"]
    assert not task.task_units.filter(role=UnitRole.COOPERATING).exists()
    office = User.objects.get(username="jiangsu.office")
    assert office.organization.name == "江苏省质量工作领导小组办公室"


def test_one_overdue_task_left_undone_with_an_issued_notice(loaded):
    today = timezone.localdate()
    undone = Task.objects.annotate(latest=latest_report_status()).filter(
        Q(latest__isnull=True) | ~Q(latest=ProgressStatus.DONE), due_on__lt=today
    )
    assert undone.count() == 1
    task = undone.get()
    assert task.plan.region.code == "320412"
    notice = SupervisionNotice.objects.get()
    assert (notice.task, notice.status) == (task, NoticeStatus.ISSUED)
    assert notice.respond_by == today + timedelta(days=7)
    assert (loaded["notices_drafted"], loaded["notices_issued"]) == (1, 1)


def test_reports_are_plausible(loaded):
    done = ProgressReport.objects.filter(task__isnull=False, status=ProgressStatus.DONE)
    assert done.count() == 31
    assert all(r.reported_on <= r.task.due_on and r.narrative for r in done)
    rate = ProgressReport.objects.get(
        target__indicator_text="许可证产品的监督抽查平均合格率", status=ProgressStatus.DONE
    )
    assert 92 <= rate.reported_value <= 100
    assert rate.organization.name == "常州市武进区市场监督管理局"


def test_loading_again_changes_nothing(loaded):
    counts = (Plan.objects.count(), Organization.objects.count(), ProgressReport.objects.count())
    again = demo_plans_load(seed=1)
    assert (again["plans_created"], again["plans_skipped"], again["accounts"]) == (0, 2, [])
    assert (again["notices_drafted"], again["notices_issued"]) == (0, 0)
    assert counts == (
        Plan.objects.count(),
        Organization.objects.count(),
        ProgressReport.objects.count(),
    )


def _signature():
    reports = ProgressReport.objects.order_by("plan__region__code", "reported_on", "narrative")
    notice = SupervisionNotice.objects.get()
    return notice.task.title, [
        (r.reported_on, r.status, r.narrative, r.reported_value) for r in reports
    ]


def test_the_same_seed_makes_the_same_demo(loaded):
    first = _signature()
    Plan.objects.all().delete()
    demo_plans_load(seed=1)
    assert _signature() == first
