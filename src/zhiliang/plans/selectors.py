"""Reads of the plans app, always through `visible_to(user)`."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery

from zhiliang.plans.choices import NoticeStatus, ProgressStatus, UnitRole
from zhiliang.plans.models import ProgressReport, SupervisionNotice, TaskUnit

OPEN_NOTICE = [NoticeStatus.DRAFT, NoticeStatus.ISSUED, NoticeStatus.ANSWERED]
NOT_DONE = [s for s in ProgressStatus.values if s != ProgressStatus.DONE]


def latest_report_status():
    """Subquery: the status of a task's latest progress report."""
    return Subquery(
        ProgressReport.objects.filter(task=OuterRef("pk"))
        .order_by("-reported_on", "-id")
        .values("status")[:1]
    )


def overdue_task_units(*, today: date):
    """Lead units of tasks past due and not reported done, without an open notice."""
    latest = Subquery(
        ProgressReport.objects.filter(task=OuterRef("task_id"))
        .order_by("-reported_on", "-id")
        .values("status")[:1]
    )
    open_notice = SupervisionNotice.objects.filter(
        task=OuterRef("task_id"),
        to_organization=OuterRef("organization_id"),
        status__in=OPEN_NOTICE,
    )
    return (
        TaskUnit.objects.filter(role=UnitRole.LEAD, task__due_on__lt=today)
        .annotate(latest=latest)
        # Spelled out: NULL (never reported) must count as not done.
        .filter(Q(latest__isnull=True) | Q(latest__in=NOT_DONE))
        .exclude(Exists(open_notice))
        .values("task_id", "task__plan_id", "task__title", "task__due_on", "organization_id")
    )
