"""Rows of a plan's task table (任务分解表), shared by the .docx and .xlsx exports."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery

from zhiliang.plans.choices import ProgressStatus, UnitRole
from zhiliang.plans.models import ProgressReport, Task, TaskUnit
from zhiliang.plans.units import COLLECTIVE

NO_PROGRESS = "—"


@dataclass(frozen=True)
class TaskRow:
    number: int
    title: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    due_on: date | None
    progress: str


def plan_tasks(*, plan):
    """The plan's tasks with their units and latest report: two queries in all."""
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-reported_on", "-id")
    units = TaskUnit.objects.select_related("organization").order_by("id")
    return (
        Task.objects.filter(plan=plan)
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_on=Subquery(latest.values("reported_on")[:1]),
        )
        .prefetch_related(Prefetch("task_units", queryset=units))
        .order_by("order", "id")
    )


def plan_task_rows(*, plan) -> list[TaskRow]:
    labels = dict(ProgressStatus.choices)
    rows = []
    for number, task in enumerate(plan_tasks(plan=plan), 1):
        progress = NO_PROGRESS
        if task.latest_status:
            progress = f"{labels.get(task.latest_status, task.latest_status)} {task.latest_on}"
        rows.append(
            TaskRow(
                number=number,
                title=task.title,
                lead=_names(task, UnitRole.LEAD),
                cooperating=_names(task, UnitRole.COOPERATING),
                due_on=task.due_on,
                progress=progress,
            )
        )
    return rows


def _names(task: Task, role: str) -> tuple[str, ...]:
    """Organisation names; collective names (区政府有关单位) as the document wrote them.

    A task stored without resolved units shows every name as written.
    """
    names = [u.organization.name for u in task.task_units.all() if u.role == role]
    written = (task.units_as_written or {}).get(role, [])
    if not names:
        return tuple(written)
    return (*names, *(w for w in written if any(c in w for c in COLLECTIVE)))
