"""Reads of the plans app, always through `visible_to(user)`."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.filtersets import filled
from zhiliang.core.freshness import cached_aggregate
from zhiliang.core.models import Organization
from zhiliang.core.summaries import head_and_total
from zhiliang.plans.choices import NoticeStatus, ProgressStatus, TaskState, UnitRole
from zhiliang.plans.models import Plan, ProgressReport, SupervisionNotice, Task, TaskUnit
from zhiliang.plans.states import STATE_STYLE, state_label, with_state

OPEN_NOTICE = [NoticeStatus.DRAFT, NoticeStatus.ISSUED, NoticeStatus.ANSWERED]
NOT_DONE = [s for s in ProgressStatus.values if s != ProgressStatus.DONE]


def latest_report_status():
    """Subquery: the status of a task's latest progress report."""
    return Subquery(
        ProgressReport.objects.filter(task=OuterRef("pk"))
        .order_by("-reported_on", "-id")
        .values("status")[:1]
    )


def overdue_condition(status: str, *, today: date) -> Q:
    """Past due and not reported done, `status` naming the latest report's status.

    Spelled out: NULL (never reported) must count as not done."""
    return Q(due_on__lt=today) & (
        Q(**{f"{status}__isnull": True}) | Q(**{f"{status}__in": NOT_DONE})
    )


def latest_target_report(field: str):
    """Subquery: `field` of a target's latest report that carries a value."""
    return Subquery(
        ProgressReport.objects.filter(target=OuterRef("pk"), reported_value__isnull=False)
        .order_by("-reported_on", "-id")
        .values(field)[:1]
    )


def target_met(comparator: str, goal, value) -> bool | None:
    """Whether a reported value meets the target; None when nothing is reported.

    "About" (左右、约) counts as met within 5 % of the target.
    """
    if value is None:
        return None
    return {
        ">=": value >= goal,
        ">": value > goal,
        "<=": value <= goal,
        "=": value == goal,
        "~": abs(value - goal) <= abs(goal) * Decimal("0.05"),
    }[comparator]


MET, NOT_MET, CANNOT_TELL = "met", "not_met", "cannot_tell"


def interval_state(comparator: str, goal, low, high) -> str | None:
    """A target against a figure estimated with its interval [low, high]: met when the whole
    interval meets it, not met when none of it does, else cannot tell. None for "=" and
    "about", which an interval does not decide."""
    if low is None or high is None:
        return None
    if comparator in (">=", ">"):
        meets_low = low >= goal if comparator == ">=" else low > goal
        misses_high = high < goal if comparator == ">=" else high <= goal
        return MET if meets_low else NOT_MET if misses_high else CANNOT_TELL
    if comparator == "<=":
        return MET if high <= goal else NOT_MET if low > goal else CANNOT_TELL
    return None


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


# -- pages ---------------------------------------------------------------------------


def plan_list(*, user, filters=None):
    """The plans the user may see with their numbers of targets and tasks, filtered."""
    # Imported here: the FilterSets read this module's subqueries.
    from zhiliang.plans.filtersets import PlanFilterSet

    plans = (
        Plan.objects.visible_to(user)
        .select_related("region")
        .defer("source_text")
        .annotate(n_targets=Count("targets", distinct=True), n_tasks=Count("tasks", distinct=True))
        # Spelled out: a grouped query does not take the model's ordering.
        .order_by("-issued_on", "-id")
    )
    return PlanFilterSet(filled(filters), queryset=plans, user=user)


def organisation_choices(*, region):
    """Organisations a reviewer may link: those of the plan's region and of its ancestors.

    (Not the subtree: a province plan's selects would list every county department.)
    """
    codes = [region.code[:n] for n in (2, 4, 6, 9) if n <= len(region.code)]
    return (
        Organization.objects.filter(region__code__in=codes, is_active=True)
        .select_related("region")
        .order_by("region__code", "name")
    )


def plan_source_items(*, plan) -> list[dict]:
    """The plan's targets and tasks with their place in its document (None where an item
    was typed by hand or its place no longer fits the text)."""
    size = len(plan.source_text)

    def span(item):
        ok = item.span_start is not None and item.span_end is not None
        return [item.span_start, item.span_end] if ok and item.span_end <= size else None

    targets = plan.targets.order_by("order", "id")
    tasks = plan.tasks.order_by("order", "id")
    return [
        *({"key": f"t{t.pk}", "kind": "t", "obj": t, "span": span(t)} for t in targets),
        *({"key": f"k{t.pk}", "kind": "k", "obj": t, "span": span(t)} for t in tasks),
    ]


def _unit_options(unit: dict, *, scope) -> dict:
    """A written unit's choices on the review page: the organisation it resolved to, a new
    one to create, or the name kept as written; the reviewer's choice, else the first."""
    name, res = unit["name"], unit.get("resolution")
    options = []
    if res and res.organization:
        options.append((f"org:{res.organization.pk}", f"{name} → {res.organization.name}"))
    if res and res.suggestion and res.region and scope and scope.contains(res.region):
        options.append(
            (f"new:{res.region.code}:{res.suggestion}", f"{name} → {_('new')}: {res.suggestion}")
        )
    options.append(("text", f"{name} ({_('keep as written, link no unit')})"))
    chosen = unit["choice"] or options[0][0]
    if chosen.startswith("new:") and chosen not in dict(options):
        options.insert(0, (chosen, f"{name} → {_('new')}: {chosen.split(':', 2)[-1]}"))
    other = (
        chosen.split(":")[1] if chosen.startswith("org:") and chosen not in dict(options) else ""
    )
    return {
        "name": name,
        "options": [(v, label, v == chosen) for v, label in options],
        "chosen_org": int(other) if other.isdigit() else None,
        "unresolved": not (res and (res.organization or res.collective)) and not other,
    }


def review_task_rows(prepared, *, scope) -> list[dict]:
    """The review page's tasks with, per written unit, its choices (how it resolved, the
    reviewer's choice if the page comes back)."""
    rows = []
    for task in prepared.state["tasks"]:
        units = {
            role: [
                _unit_options({**u, "resolution": prepared.units.get(u["name"])}, scope=scope)
                for u in written
            ]
            for role, written in task["units"].items()
        }
        rows.append({**task, "units": units})
    return rows


def task_rows(*, user):
    """Tasks the user may see with their plan, lead and cooperating units, latest progress,
    state (completed on time or late, overdue …) and whether they are overdue: the office's
    task list and the API read the same rows."""
    units = TaskUnit.objects.select_related("organization").order_by("id")
    return (
        with_state(Task.objects.visible_to(user), today=timezone.localdate())
        .select_related("plan", "plan__region")
        .defer("plan__source_text")
        .annotate(
            is_overdue=ExpressionWrapper(Q(state=TaskState.OVERDUE), output_field=BooleanField())
        )
        .prefetch_related(
            Prefetch("task_units", units.filter(role=UnitRole.LEAD), to_attr="lead_units"),
            Prefetch(
                "task_units", units.filter(role=UnitRole.COOPERATING), to_attr="cooperating_units"
            ),
        )
    )


def task_list(*, user, filters=None):
    """The office's list of tasks across plans, longest overdue first."""
    # Imported here: the FilterSet reads this module's subqueries.
    from zhiliang.plans.filtersets import TaskFilterSet

    rows = task_rows(user=user).order_by(F("due_on").asc(nulls_last=True), "plan_id", "order", "id")
    return TaskFilterSet(filled(filters), queryset=rows, user=user)


def plan_choices(*, user) -> list[tuple[int, str]]:
    return list(Plan.objects.visible_to(user).values_list("pk", "title"))


def lead_unit_choices(*, user) -> list[tuple[int, str]]:
    """Organisations leading a task the user may see, by name: one query."""
    tasks = Task.objects.visible_to(user)
    leads = TaskUnit.objects.filter(role=UnitRole.LEAD, task__in=tasks).values("organization_id")
    return list(
        Organization.objects.filter(pk__in=leads).order_by("name").values_list("pk", "name")
    )


def tasks_of_unit(*, user, overdue: bool = False):
    """Tasks the user's organisation leads or cooperates on, newest plans first; with
    `overdue`, only those past due and not reported done."""
    if user.organization_id is None:
        return Task.objects.none()
    mine = Task.objects.visible_to(user).filter(task_units__organization_id=user.organization_id)
    if overdue:
        mine = mine.filter(pk__in=tasks_overdue(user=user).values("pk"))
    tasks = list(
        with_state(mine, today=timezone.localdate())
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "task_units", queryset=TaskUnit.objects.filter(organization_id=user.organization_id)
            )
        )
        .order_by("due_on", "plan_id", "order")
    )
    for task in tasks:
        task.my_role = task.task_units.all()[0].get_role_display()
        task.overdue = task.state == TaskState.OVERDUE
        task.state_label = state_label(task.state)
        task.state_style = STATE_STYLE.get(task.state, "secondary")
    return tasks


def tasks_overdue(*, user, own: bool = False):
    """Tasks past due and not reported done; with `own`, those of the user's organisation."""
    tasks = (
        Task.objects.visible_to(user)
        .alias(latest_status=latest_report_status())
        .filter(overdue_condition("latest_status", today=timezone.localdate()))
    )
    if own:
        tasks = tasks.filter(task_units__organization_id=user.organization_id)
    return tasks


def home_overdue_tasks(*, user, own: bool = False) -> tuple[int, list]:
    """How many tasks are overdue and the five longest overdue, in one query."""
    tasks = tasks_overdue(user=user, own=own).select_related("plan").order_by("due_on", "id")
    return head_and_total(tasks)


def home_open_notices(*, user) -> dict:
    """Open 督办 notices by status, and those past their answer date, in one query."""
    today = timezone.localdate()
    return cached_aggregate(
        notices_visible_to(user=user),
        draft=Count("pk", filter=Q(status=NoticeStatus.DRAFT)),
        issued=Count("pk", filter=Q(status=NoticeStatus.ISSUED)),
        answered=Count("pk", filter=Q(status=NoticeStatus.ANSWERED)),
        late=Count("pk", filter=Q(status=NoticeStatus.ISSUED, respond_by__lt=today)),
    )


def task_for_report(*, user, pk) -> Task:
    return Task.objects.visible_to(user).select_related("plan").get(pk=pk)


def task_reports(*, task):
    return task.reports.select_related("organization", "created_by").prefetch_related("evidence")


def notices_visible_to(*, user):
    """Notices in the user's jurisdiction; a department reporter sees only those
    addressed to their own organisation (office staff, inspectors and viewers see all)."""
    from zhiliang.core.roles import Role

    notices = SupervisionNotice.objects.visible_to(user).select_related(
        "task", "plan", "to_organization"
    )
    if Role.DEPARTMENT_REPORTER in user.role_codes and not user.has_perm(
        "plans.change_supervisionnotice"
    ):
        notices = notices.filter(to_organization_id=user.organization_id)
    return notices


def notice_list(*, user, filters=None):
    """The notices the user may see, by status and newest first, filtered."""
    from zhiliang.plans.filtersets import SupervisionNoticeFilterSet

    notices = notices_visible_to(user=user).order_by("status", "-drafted_at")
    return SupervisionNoticeFilterSet(filled(filters), queryset=notices, user=user)


def plan_get(*, user, pk) -> Plan:
    return Plan.objects.visible_to(user).get(pk=pk)
