"""Demo of 任务分解: 常州市 adopts 江苏省's plan, 武进区 adopts 常州市's, each with its own
values, due dates and units, and reports progress that rolls up to the province's board.

The figures are made up for the demo (a city's share of a province count, a district's
of the city's); reports are dated so that the boards show every state: completed on time,
completed late, overdue and open, targets on track and behind, rising and falling.
"""

import math
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.models import Organization, Region
from zhiliang.plans.choices import ProgressStatus
from zhiliang.plans.demo import _office_user, _reporters
from zhiliang.plans.models import Plan, ProgressReport
from zhiliang.plans.services.cascade import plan_adopt

# (region, office account, share of the level above's counts, targets, tasks taken over)
LEVELS = (("3204", "changzhou.office", 0.12, 6, 6), ("320412", "wujin.office", 0.3, 5, 5))
# Due dates of the adopted tasks, in days from today, and how each is reported:
# (days before today, status) — done before its due date, done after it, behind, …
SCHEDULE = (
    (-90, [(120, "in_progress"), (95, "done")]),
    (-60, [(80, "in_progress"), (45, "done")]),
    (-30, [(50, "in_progress")]),
    (30, [(5, "in_progress")]),
    (60, []),
    (90, [(3, "done")]),
)
# The latest value reported on each adopted target as a share of the region's own value,
# and the one reported before it: on track and rising, behind and falling, …
DONE = "已按分工完成,相关台账和佐证材料已归档备查。"
UNDERWAY = "已制定本级工作方案,正会同配合单位推进。"
VALUES = ((1.1, 0.7), (0.8, 0.9), (1.25, 1.0), (0.6, 0.4), (1.0, 0.8), (0.9, 0.5))


def demo_cascade_load() -> dict:
    made = {"adopted": 0, "reports": 0}
    province = Plan.objects.filter(region__code="32", parent__isnull=True).order_by("id").first()
    if province is None:
        return made
    parent = province
    with transaction.atomic():
        for code, account, share, n_targets, n_tasks in LEVELS:
            region = Region.objects.get(code=code)
            existing = Plan.objects.filter(parent=parent, region=region).first()
            if existing is not None:
                parent = existing
                continue
            actor, _account = _office_user(region, account)
            bureau = (
                Organization.objects.filter(region=region, name__endswith="市场监督管理局")
                .order_by("id")
                .first()
            ) or actor.organization
            today = timezone.localdate()
            targets = [
                {"parent": t, "value": _share(t, share), "deadline": str(today.year)}
                for t in parent.targets.order_by("order", "id")[:n_targets]
            ]
            tasks = [
                {
                    "parent": t,
                    "due_on": today + timedelta(days=days),
                    "lead": [bureau.pk],
                    "cooperating": [],
                }
                for t, (days, _reports) in zip(
                    parent.tasks.order_by("order", "id")[:n_tasks], SCHEDULE, strict=False
                )
            ]
            plan = plan_adopt(
                actor=actor, parent=parent, region=region, targets=targets, tasks=tasks
            )
            made["adopted"] += 1
            made["reports"] += _report(plan, actor, bureau)
            parent = plan
    return made


def _share(target, share: float) -> Decimal:
    """A region's part of a count (at least 1); a rate stays as it is."""
    if target.unit == "%":
        return target.value
    return Decimal(max(1, math.ceil(float(target.value) * share)))


def _report(plan: Plan, actor, bureau) -> int:
    today = timezone.localdate()
    reporter = _reporters({bureau.pk}).get(bureau.pk, actor)
    reports = []
    for task, (_days, steps) in zip(plan.tasks.order_by("order"), SCHEDULE, strict=False):
        for ago, status in steps:
            reports.append(
                ProgressReport(
                    plan=plan,
                    task=task,
                    organization=bureau,
                    status=status,
                    reported_on=today - timedelta(days=ago),
                    created_by=reporter,
                    narrative=DONE if status == ProgressStatus.DONE else UNDERWAY,
                )  # fmt: skip
            )
    for target, (latest, before) in zip(plan.targets.order_by("order"), VALUES, strict=False):
        for ago, ratio in ((100, before), (10, latest)):
            reports.append(
                ProgressReport(
                    plan=plan,
                    target=target,
                    organization=actor.organization,
                    status=ProgressStatus.IN_PROGRESS,
                    reported_on=today - timedelta(days=ago),
                    reported_value=Decimal(math.floor(float(target.value) * ratio)),
                    created_by=actor,
                )  # fmt: skip
            )
    for report in reports:
        report._history_user = report.created_by
    bulk_create_with_history(reports, ProgressReport, default_change_reason="demo data")
    return len(reports)


def demo_cascade_step(*, seed: int) -> str:
    made = demo_cascade_load()
    return _("plans across levels: %(n)s adoptions of the province plan, %(r)s reports") % {
        "n": f"{made['adopted']:,}",
        "r": f"{made['reports']:,}",
    }
