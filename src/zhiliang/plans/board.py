"""Following the work: the plan board, a task's page, on-time completion per unit or plan."""

from datetime import date

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from zhiliang.plans.choices import TaskState, UnitRole
from zhiliang.plans.models import (
    Evidence,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
    TaskUnit,
)
from zhiliang.plans.states import STATE_STYLE, state_label, with_state


def _target_value(offset: int):
    """Subquery: the value of a target's reports that carry one, newest first, at `offset`."""
    return Subquery(
        ProgressReport.objects.filter(target=OuterRef("pk"), reported_value__isnull=False)
        .order_by("-reported_on", "-id")
        .values("reported_value")[offset : offset + 1]
    )


def sample_figures(*, plan: Plan, codes) -> dict:
    """Per linked indicator code: the plan region's latest yearly figure estimated from a
    sample (it carries its interval, or is withheld). One query."""
    from zhiliang.indicators.choices import PeriodKind, Publication
    from zhiliang.indicators.models import IndicatorValue

    codes = [c for c in codes if c]
    if not codes:
        return {}
    rows = (
        IndicatorValue.objects.filter(
            indicator__code__in=codes, region_id=plan.region_id, period_kind=PeriodKind.YEAR
        )
        .filter(publication__in=Publication.values)  # only figures from a sample
        .select_related("indicator")
        .order_by("indicator__code", "-period_end")
    )
    out: dict = {}
    for v in rows:  # a handful: one per code and year
        out.setdefault(v.indicator.code, v)
    return out


def target_rows(*, plan: Plan) -> list[Target]:
    """The plan's targets with their latest and previous reported values, whether the latest
    meets the target, and the trend between the two: "up", "down", "flat" or "" (one
    value or none), and whether it moves toward the target (`trend_good`)."""
    from zhiliang.plans.selectors import interval_state, target_met

    targets = list(
        Target.objects.filter(plan=plan).annotate(
            latest_value=_target_value(0),
            previous_value=_target_value(1),
            parent_value=F("parent__value"),
        )
    )
    samples = sample_figures(plan=plan, codes={t.indicator_code for t in targets})
    for t in targets:
        t.met = target_met(t.comparator, t.value, t.latest_value)
        # A figure estimated from a sample (a survey's index) is judged with its interval.
        t.sample = samples.get(t.indicator_code)
        t.interval_state = None
        if t.sample is not None:
            t.interval_state = interval_state(t.comparator, t.value, t.sample.low, t.sample.high)
        t.trend, t.trend_good = "", None
        if t.latest_value is not None and t.previous_value is not None:
            delta = t.latest_value - t.previous_value
            t.trend = "up" if delta > 0 else "down" if delta < 0 else "flat"
            if delta and t.comparator in (">=", ">"):
                t.trend_good = delta > 0
            elif delta and t.comparator == "<=":
                t.trend_good = delta < 0
            elif delta:
                t.trend_good = abs(t.latest_value - t.value) < abs(t.previous_value - t.value)
    return targets


def completion_counts(tasks, *, by: str, today: date | None = None) -> list[dict]:
    """Per lead unit (`by="organization"`), plan (`"plan"`) or region of the plan
    (`"region"`) of the tasks `tasks`: how many are completed on time, completed late,
    overdue and still open, and the on-time rate among those whose time has come.
    One grouped query."""
    today = today or timezone.localdate()
    if by == "organization":
        rows = TaskUnit.objects.filter(role=UnitRole.LEAD, task__in=tasks)
        rows = with_state(rows, today=today, prefix="task__", annotate=False)
        key, name = "organization_id", "organization__name"
    else:
        rows = with_state(tasks, today=today, annotate=False)
        key, name = {
            "plan": ("plan_id", "plan__title"),
            "region": ("plan__region_id", "plan__region__name"),
        }[by]
    cells = (
        rows.values(key, name)
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(state=TaskState.DONE)),
            late=Count("pk", filter=Q(state=TaskState.DONE_LATE)),
            overdue=Count("pk", filter=Q(state=TaskState.OVERDUE)),
        )
        .order_by(key if by == "region" else name)
    )
    out = []
    for c in cells:
        settled = c["on_time"] + c["late"] + c["overdue"]
        out.append(
            {
                "id": c[key],
                "name": c[name],
                "total": c["total"],
                "on_time": c["on_time"],
                "late": c["late"],
                "overdue": c["overdue"],
                "open": c["total"] - settled,
                "rate": (c["on_time"] / settled) if settled else None,
            }
        )
    return out


def on_time_completion(*, user, plan: Plan | None = None, by: str = "organization"):
    """On-time completion of the tasks the user may see (of one plan), per lead unit, plan or
    region: what the board shows and what an assessment may count."""
    tasks = Task.objects.visible_to(user)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return completion_counts(tasks, by=by)


def _decorate(task: Task) -> None:
    task.state_label = state_label(task.state)
    task.state_style = STATE_STYLE.get(task.state, "secondary")
    task.overdue = task.state == TaskState.OVERDUE


def plan_board(*, user, pk) -> dict:
    """Everything the plan board shows, in a fixed number of queries."""
    from zhiliang.plans.rollup import rollup
    from zhiliang.plans.services.cascade import may_adopt

    plan = (
        Plan.objects.visible_to(user)
        .select_related("region", "created_by", "parent__region")
        .defer("parent__source_text")
        .get(pk=pk)
    )
    today = timezone.localdate()
    units = TaskUnit.objects.select_related("organization")
    tasks = list(
        with_state(Task.objects.filter(plan=plan), today=today).prefetch_related(
            Prefetch("task_units", queryset=units)
        )
    )
    for task in tasks:
        _decorate(task)
        task.leads = [u.organization for u in task.task_units.all() if u.role == UnitRole.LEAD]
        task.cooperating = [
            u.organization for u in task.task_units.all() if u.role != UnitRole.LEAD
        ]
    by_unit: dict = {}
    for task in tasks:
        for org in task.leads or [None]:
            by_unit.setdefault(org, []).append(task)
    notices = SupervisionNotice.objects.filter(plan=plan).select_related("task", "to_organization")
    phases = list(plan.phases.all())
    return {
        "plan": plan,
        "targets": target_rows(plan=plan),
        "tasks": tasks,
        "by_unit": sorted(by_unit.items(), key=lambda kv: (kv[0] is None, str(kv[0] or ""))),
        "completion": completion_counts(Task.objects.filter(plan=plan), by="organization"),
        "overdue_count": sum(t.overdue for t in tasks),
        "notices": notices,
        "phases": phases,
        "timeline": [
            {"name": p.name, "start": p.starts_on.isoformat(), "end": p.ends_on.isoformat()}
            for p in phases
            if p.starts_on and p.ends_on
        ],
        "today": today,
        "can_issue": user.has_perm("plans.change_supervisionnotice"),
        "can_edit": may_edit(user, plan),
        "can_adopt": may_adopt(user, plan),
        "parent_visible": plan.parent_id
        and Plan.objects.visible_to(user).filter(pk=plan.parent_id).exists(),
        "rollup": rollup(user=user, plan=plan),
    }


def may_edit(user, plan: Plan) -> bool:
    """Office staff edit the plans of their jurisdiction; a plan from above is read only."""
    return user.has_perm("plans.change_plan") and (
        Plan.objects.managed_by(user).filter(pk=plan.pk).exists()
    )


def task_get(*, user, pk) -> Task:
    """A task the user may see, with its state, plan and units."""
    units = TaskUnit.objects.select_related("organization").order_by("role", "id")
    task = (
        with_state(Task.objects.visible_to(user), today=timezone.localdate())
        .select_related("plan", "plan__region")
        .defer("plan__source_text")
        .prefetch_related(Prefetch("task_units", queryset=units))
        .get(pk=pk)
    )
    _decorate(task)
    task.leads = [u.organization for u in task.task_units.all() if u.role == UnitRole.LEAD]
    task.cooperating = [u.organization for u in task.task_units.all() if u.role != UnitRole.LEAD]
    return task


def task_page(*, user, task: Task) -> dict:
    """What the task's page shows besides the task: its reports with their evidence, the
    notices issued about it that the user may see, and whether the user may report."""
    from zhiliang.plans.selectors import notices_visible_to

    reports = (
        ProgressReport.objects.visible_to(user)
        .filter(task=task)
        .select_related("organization", "created_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
    )
    notices = notices_visible_to(user=user).filter(task=task).order_by("-drafted_at")
    may_report = user.has_perm("plans.add_progressreport") and (
        user.has_perm("plans.change_plan")
        or any(u.organization_id == user.organization_id for u in task.task_units.all())
    )
    may_edit_task = user.has_perm("plans.change_task") and may_edit(user, task.plan)
    return {
        "reports": reports,
        "notices": notices,
        "may_report": may_report,
        "may_edit": may_edit_task,
    }


def evidence_get(*, user, report_pk: int, pk: int) -> Evidence:
    """An evidence file of a report the user may see (the API's download checks the same)."""
    return Evidence.objects.select_related("report").get(
        pk=pk, report_id=report_pk, report__in=ProgressReport.objects.visible_to(user)
    )
