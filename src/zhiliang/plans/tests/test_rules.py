"""The plans' single-record rules live in the models (`clean()`); the services call
`full_clean()`, so every path — review page, API, importer, admin — meets them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhiliang.plans import services
from zhiliang.plans.choices import NoticeStatus, ProgressStatus
from zhiliang.plans.models import Plan, ProgressReport, SupervisionNotice, Target, Task
from zhiliang.plans.tests.test_services import _plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["1e20", "NaN", "Infinity", "0.00001"])
def test_a_target_value_the_column_cannot_hold_is_refused(make_user, value):
    """Bug: the review stored 10²⁰ (PostgreSQL: numeric overflow, a 500) and NaN; a fifth
    decimal was rounded away silently."""
    clerk = make_user("office_staff", "320412")
    with pytest.raises(ValidationError):
        _plan(clerk, targets=[{"indicator": "合格率", "comparator": ">=", "value": value}])
    assert not Plan.objects.exists()


def test_plan_rules(make_user):
    plan = _plan(make_user("office_staff", "320412"))
    plan.title = "  "
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "title" in exc.value.message_dict
    plan.title, plan.period_start = "方案", timezone.localdate()
    plan.period_end = plan.period_start - timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "period_end" in exc.value.message_dict


def test_target_needs_its_indicator(make_user):
    plan = _plan(make_user("office_staff", "320412"))
    with pytest.raises(ValidationError):
        Target(plan=plan, indicator_text=" ", comparator=">=", value=1).full_clean()


def test_report_rules(make_user):
    clerk = make_user("office_staff", "320412")
    plan = _plan(clerk)
    other = _plan(clerk, source_text="另一份文件", meta={"title": "另一份方案"})
    task = Task.objects.create(plan=plan, title="任务")
    target = plan.targets.get()
    base = dict(organization=clerk.organization, status=ProgressStatus.DONE, created_by=clerk)
    today = timezone.localdate()
    for bad in (
        dict(plan=plan, task=task, target=target, reported_on=today),
        dict(plan=plan, reported_on=today),
        dict(plan=plan, task=task, reported_on=today + timedelta(days=1)),
        dict(plan=other, task=task, reported_on=today),
    ):
        with pytest.raises(ValidationError):
            ProgressReport(**base, **bad).full_clean()
    ProgressReport(**base, plan=plan, task=task, reported_on=today).full_clean()
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=clerk, status=ProgressStatus.DONE)
    assert "task" in exc.value.message_dict


def test_notice_rules(make_user):
    clerk = make_user("office_staff", "320412")
    plan = _plan(clerk)
    task = Task.objects.create(plan=plan, title="任务")
    notice = SupervisionNotice(
        plan=plan, task=task, to_organization=clerk.organization, reason="逾期"
    )
    notice.full_clean()
    notice.status = NoticeStatus.ISSUED
    with pytest.raises(ValidationError):
        notice.full_clean()  # issued without the date the answer is due
    notice.status, notice.respond_by = NoticeStatus.ANSWERED, timezone.localdate()
    with pytest.raises(ValidationError):
        notice.full_clean()  # answered without an answer
