"""Editing a saved plan item by item: its targets, its tasks with their units and due dates,
its phases. Every change goes to the history; an item with reports (or, for a task,
notices) is kept: it can be corrected but not removed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_managed, require_perm
from zhiliang.plans.choices import UnitRole
from zhiliang.plans.models import Phase, Plan, Target, Task, TaskUnit
from zhiliang.plans.services.plans import _check_units, _decimal

TARGET_FIELDS = ("indicator_text", "comparator", "value", "unit", "deadline")
TASK_FIELDS = ("title", "description", "due_on")
PHASE_FIELDS = ("name", "starts_on", "ends_on")


def _next_order(items) -> int:
    last = items.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


def _save(actor, item) -> None:
    item.full_clean()
    item._history_user = actor
    item.save()


def target_save(*, actor, plan: Plan, data: dict, target: Target | None = None) -> Target:
    """Add a target to the plan (`target` None) or correct one of its targets."""
    require_perm(actor, "plans.change_target")
    require_managed(actor, plan)
    if target is None:
        target = Target(plan=plan, order=_next_order(plan.targets))
    elif target.plan_id != plan.pk:
        raise ValidationError(_("This target belongs to another plan."))
    for field in TARGET_FIELDS:
        if field in data:
            setattr(target, field, data[field])
    target.value = _decimal(target.value)
    target.unit, target.deadline = (target.unit or "").strip(), (target.deadline or "").strip()
    _save(actor, target)
    return target


def target_delete(*, actor, target: Target) -> None:
    require_perm(actor, "plans.change_target")
    require_managed(actor, target.plan)
    if target.reports.exists():
        raise ValidationError(_("Progress has been reported on this target: it is kept."))
    if target.adoptions.exists():
        raise ValidationError(_("Regions below have adopted this target: it is kept."))
    target._history_user = actor
    target.delete()


def task_save(
    *,
    actor,
    plan: Plan,
    data: dict,
    lead: list,
    cooperating: list,
    task: Task | None = None,
) -> Task:
    """Add a task to the plan or correct one: title, description, due date, and its lead and
    cooperating units (organisations; a unit named in both leads). Reports stay."""
    require_perm(actor, "plans.change_task")
    require_managed(actor, plan)
    if task is None:
        task = Task(plan=plan, order=_next_order(plan.tasks))
    elif task.plan_id != plan.pk:
        raise ValidationError(_("This task belongs to another plan."))
    lead_ids = list(dict.fromkeys(o.pk for o in lead))
    coop_ids = [i for i in dict.fromkeys(o.pk for o in cooperating) if i not in lead_ids]
    _check_units(actor, [{"lead": lead_ids, "cooperating": coop_ids}])
    with transaction.atomic():
        for field in TASK_FIELDS:
            if field in data:
                setattr(task, field, data[field])
        task.title = (task.title or "").strip()[:255]
        if not task.title:
            raise ValidationError({"title": _("A task needs a title.")})
        _save(actor, task)
        _units_set(actor, task, {UnitRole.LEAD: lead_ids, UnitRole.COOPERATING: coop_ids})
    return task


def _units_set(actor, task: Task, wanted: dict) -> None:
    """Make the task's units those of `wanted` (role → organisation ids), each change in
    the history: removed units deleted, changed roles saved, new units added."""
    role_of = {org: role for role, ids in wanted.items() for org in ids}
    for unit in list(task.task_units.all()):
        role = role_of.pop(unit.organization_id, None)
        unit._history_user = actor
        if role is None:
            unit.delete()
        elif role != unit.role:
            unit.role = role
            unit.save()
    for org, role in role_of.items():
        unit = TaskUnit(task=task, organization_id=org, role=role)
        unit._history_user = actor
        unit.save()


def task_delete(*, actor, task: Task) -> None:
    require_perm(actor, "plans.change_task")
    require_managed(actor, task.plan)
    if task.reports.exists() or task.notices.exists():
        raise ValidationError(_("Progress has been reported on this task: it is kept."))
    if task.adoptions.exists():
        raise ValidationError(_("Regions below have adopted this task: it is kept."))
    task._history_user = actor
    task.delete()


def phase_save(*, actor, plan: Plan, data: dict, phase: Phase | None = None) -> Phase:
    require_perm(actor, "plans.change_plan")
    require_managed(actor, plan)
    if phase is None:
        phase = Phase(plan=plan, order=_next_order(plan.phases))
    elif phase.plan_id != plan.pk:
        raise ValidationError(_("This phase belongs to another plan."))
    for field in PHASE_FIELDS:
        if field in data:
            setattr(phase, field, data[field])
    phase.name = (phase.name or "").strip()[:128]
    _save(actor, phase)
    return phase


def phase_delete(*, actor, phase: Phase) -> None:
    require_perm(actor, "plans.change_plan")
    require_managed(actor, phase.plan)
    phase._history_user = actor
    phase.delete()
