"""Where a task stands, computed in the database from its reports and due date.

A task is *completed on time* when its latest report says done and the first report
that said done is dated on or before the due date; *completed late* when that report
came after it (done, and no longer overdue, but not on time); *overdue* when past due
and not reported done. Otherwise it stands where its latest report puts it.
"""

from datetime import date

from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from zhiliang.plans.choices import ProgressStatus, TaskState
from zhiliang.plans.models import ProgressReport

NOT_DONE = [s for s in ProgressStatus.values if s != ProgressStatus.DONE]
# The states that count for on-time completion: the task's time has come.
SETTLED = (TaskState.DONE, TaskState.DONE_LATE, TaskState.OVERDUE)

__all__ = ["SETTLED", "TaskState", "state_label", "with_state"]


def latest_report(task_ref: str, field: str):
    """Subquery: `field` of the latest progress report of the task `task_ref` points to."""
    return Subquery(
        ProgressReport.objects.filter(task=OuterRef(task_ref))
        .order_by("-reported_on", "-id")
        .values(field)[:1]
    )


def first_done_on(task_ref: str):
    """Subquery: the date of the first report that said the task was done."""
    return Subquery(
        ProgressReport.objects.filter(task=OuterRef(task_ref), status=ProgressStatus.DONE)
        .order_by("reported_on", "id")
        .values("reported_on")[:1]
    )


def state_case(*, today: date, prefix: str = "") -> Case:
    """The task's state from the aliases `latest_status` and `done_on`, and its due date
    (`prefix` reaches the task from a related row, e.g. "task__")."""
    due = f"{prefix}due_on"
    done = Q(latest_status=ProgressStatus.DONE)
    return Case(
        When(
            done & Q(**{f"{due}__isnull": False}) & GreaterThan(F("done_on"), F(due)),
            then=Value(TaskState.DONE_LATE.value),
        ),
        When(done, then=Value(TaskState.DONE.value)),
        # Spelled out: NULL (never reported) must count as not done.
        When(
            Q(**{f"{due}__lt": today})
            & (Q(latest_status__isnull=True) | Q(latest_status__in=NOT_DONE)),
            then=Value(TaskState.OVERDUE.value),
        ),
        default=Coalesce(F("latest_status"), Value(TaskState.NOT_REPORTED.value)),
        output_field=CharField(),
    )


def with_state(rows, *, today: date, prefix: str = "", annotate: bool = True):
    """`rows` (tasks, or rows with a task at `prefix`) with `latest_status`, `done_on` and
    `state`; with `annotate=False` only as aliases, for grouping."""
    ref = f"{prefix}pk" if not prefix else f"{prefix.removesuffix('__')}_id"
    add = rows.annotate if annotate else rows.alias
    rows = add(latest_status=latest_report(ref, "status"), done_on=first_done_on(ref))
    add = rows.annotate if annotate else rows.alias
    return add(state=state_case(today=today, prefix=prefix))


def state_label(state: str | None) -> str:
    return TaskState(state).label if state else ""


# The badge colour of each state on the pages.
STATE_STYLE = {
    TaskState.DONE: "success",
    TaskState.DONE_LATE: "warning",
    TaskState.OVERDUE: "danger",
    TaskState.LATE: "warning",
}
