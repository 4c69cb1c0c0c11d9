"""Fixtures of the plans app's tests."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhiliang.plans.choices import ProgressStatus, UnitRole
from zhiliang.plans.models import (
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
    TaskUnit,
)
from zhiliang.plans.services import report_evidence_add

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(make_user, make_org):
    """武进区: tasks done on time, done late, overdue, open; a report with a PDF; a notice."""
    today = timezone.localdate()
    clerk = make_user("office_staff", "320412")
    market = make_org("320412", "常州市武进区市场监督管理局")
    reform = make_org("320412", "常州市武进区发展和改革局")
    plan = Plan.objects.create(
        title="武进区质量提升行动方案", region=clerk.jurisdiction, source_text="x",
        source_hash="x", created_by=clerk,
    )  # fmt: skip

    def task(title, days, lead, *reports):
        t = Task.objects.create(
            plan=plan, title=title, due_on=today + timedelta(days=days), description="说明" + title
        )
        TaskUnit.objects.create(task=t, organization=lead, role=UnitRole.LEAD)
        for ago, status in reports:
            ProgressReport.objects.create(
                plan=plan, task=t, organization=lead, status=status, created_by=clerk,
                reported_on=today - timedelta(days=ago), narrative=f"{title}进展",
            )  # fmt: skip
        return t

    done = ProgressStatus.DONE
    tasks = {
        "on_time": task("建立质量奖励制度", -10, reform, (12, done)),
        "late": task("推进标准化建设", -10, reform, (20, "in_progress"), (3, done), (1, done)),
        "overdue": task("开展质量提升行动", -5, market, (8, "in_progress")),
        "open": task("培育质量标杆企业", 30, market),
    }
    report = tasks["late"].reports.order_by("reported_on").last()
    report_evidence_add(
        actor=clerk,
        report=report,
        upload=SimpleUploadedFile("验收报告.pdf", PDF, "application/pdf"),
    )
    SupervisionNotice.objects.create(
        plan=plan, task=tasks["overdue"], to_organization=market, reason="逾期未完成，请说明"
    )
    return clerk, plan, tasks, market, reform


@pytest.fixture
def chain(make_user, make_org):
    """江苏省's plan (two targets, one task), and the office, bureau and a reporter of
    常州市 and 武进区; 新北区's office as the neighbour."""
    province = make_user("office_staff", "32")
    plan = Plan.objects.create(
        title="江苏省质量提升行动计划", region=province.jurisdiction, source_text="原文",
        source_hash="p", created_by=province,
    )  # fmt: skip
    rate = Target.objects.create(
        plan=plan, indicator_text="监督抽查合格率", comparator=">=", value=90, unit="%"
    )
    brands = Target.objects.create(
        plan=plan, indicator_text="名牌产品数", comparator=">=", value=100, unit="个", order=1
    )
    task = Task.objects.create(
        plan=plan, title="实施质量提升工程", due_on=timezone.localdate() + timedelta(days=60)
    )
    TaskUnit.objects.create(task=task, organization=province.organization, role=UnitRole.LEAD)
    people = {"province": province}
    for key, code in (("city", "3204"), ("district", "320412")):
        people[key] = make_user(
            "office_staff", code, organization=make_org(code, f"{code}质量办", "office")
        )
        people[f"{key}_bureau"] = make_org(code)
    people["reporter"] = make_user(
        "department_reporter", "320412", organization=people["district_bureau"]
    )
    people["neighbour"] = make_user("office_staff", "320411")
    return plan, rate, brands, task, people
