"""任务分解: a lower level adopts a higher plan, making its own plan from chosen targets and
tasks of it, linked to them, with its own values, due dates and units."""

import hashlib
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.core.models import Region
from zhiliang.plans.models import Phase, Plan, Target, Task
from zhiliang.plans.services.plans import _check_units, _decimal, _units_create


def adoption_title(parent: Plan, region: Region) -> str:
    """The title offices give such a plan, in the documents' own language (it is a record's
    title, not a label): 武进区贯彻落实《江苏省贯彻实施质量发展纲要2012年行动计划》任务分解."""
    root = parent
    while root.parent_id is not None:
        root = root.parent
    # "省政府办公厅关于印发X的通知" names the plan X it encloses.
    enclosed = re.search(r"关于印发(.+?)的通知", root.title)
    name = enclosed.group(1) if enclosed else root.title
    return f"{region.name}贯彻落实《{name.strip('《》')}》任务分解"


def may_adopt(actor, parent: Plan) -> bool:
    """Whether the actor's office may adopt `parent` for its own region: a plan of a level
    above it, not adopted by that region yet."""
    region = getattr(actor, "jurisdiction", None)
    return bool(
        actor.has_perm("plans.add_plan")
        and region is not None
        and parent.region.contains(region)
        and parent.region_id != region.pk
        and not Plan.objects.filter(parent=parent, region=region).exists()
    )


def plan_adopt(
    *,
    actor,
    parent: Plan,
    region: Region,
    targets: list[dict],
    tasks: list[dict],
    title: str = "",
) -> Plan:
    """A plan of `region` adopting `parent` (a plan of a region above it).

    `targets`: [{"parent": Target, "value", "deadline"}]; `tasks`: [{"parent": Task,
    "due_on", "lead": [organisation ids], "cooperating": [...]}], each item of `parent`.
    Phases are taken over as they are. All or nothing.
    """
    require_perm(actor, "plans.add_plan")
    require_visible(actor, parent)
    require_in_jurisdiction(actor, region)
    if not parent.region.contains(region) or parent.region_id == region.pk:
        raise PermissionDenied(_("Only a region below the plan's region adopts it."))
    if Plan.objects.filter(parent=parent, region=region).exists():
        raise ValidationError(_("%(r)s has adopted this plan already.") % {"r": region.name})
    if not targets and not tasks:
        raise ValidationError(_("Choose at least one target or task to adopt."))
    for item in [*targets, *tasks]:
        if item["parent"].plan_id != parent.pk:
            raise ValidationError(_("Some items are not part of this plan; reload the page."))
    _check_units(actor, tasks)
    digest = hashlib.sha256(f"adoption:{parent.pk}:{region.code}".encode()).hexdigest()
    with transaction.atomic():
        plan = Plan(
            title=(title or "").strip()[:255] or adoption_title(parent, region)[:255],
            issuer=actor.organization.name if actor.organization_id else "",
            issued_on=timezone.localdate(),
            region=region,
            period_start=parent.period_start,
            period_end=parent.period_end,
            source_name=parent.source_name,
            source_text=parent.source_text,
            source_hash=digest,
            parent=parent,
            created_by=actor,
        )
        plan.full_clean(exclude=["source_file"])
        plan._history_user = actor
        plan.save()
        phases = [
            Phase(plan=plan, name=p.name, starts_on=p.starts_on, ends_on=p.ends_on, order=p.order)
            for p in parent.phases.all()
        ]
        bulk_create_with_history(phases, Phase, default_user=actor)
        rows = [_target(plan, i, item) for i, item in enumerate(targets)]
        bulk_create_with_history(rows, Target, default_user=actor)
        for i, item in enumerate(tasks):
            up = item["parent"]
            task = Task(
                plan=plan,
                parent=up,
                title=up.title,
                description=up.description,
                due_on=item.get("due_on") or up.due_on,
                span_start=up.span_start,
                span_end=up.span_end,
                order=i,
            )
            task.full_clean(exclude=["plan", "parent"])
            task._history_user = actor
            task.save()
            _units_create(actor, task, item)
    return plan


def _target(plan: Plan, order: int, item: dict) -> Target:
    up = item["parent"]
    value = item.get("value")
    target = Target(
        plan=plan,
        parent=up,
        indicator_text=up.indicator_text,
        comparator=up.comparator,
        value=up.value if value in (None, "") else _decimal(value),
        unit=up.unit,
        deadline=(item.get("deadline") or up.deadline or "")[:7],
        indicator_code=up.indicator_code,
        span_start=up.span_start,
        span_end=up.span_end,
        order=order,
    )
    target.full_clean(exclude=["plan", "parent"])
    return target
