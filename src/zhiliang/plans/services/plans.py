"""Plans: a reviewed extraction becomes a plan, a new review updates it, small corrections."""

import calendar
import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.guards import (
    referable,
    require_in_jurisdiction,
    require_managed,
    require_perm,
)
from zhiliang.core.models import Organization, Region
from zhiliang.plans.choices import Comparator, UnitRole
from zhiliang.plans.models import Phase, Plan, Target, Task, TaskUnit
from zhiliang.plans.units import central_units_q


def source_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def _month(value: str | None, last: bool = False) -> date | None:
    """'2018-04' → 2018-04-01 (or the month's last day); '2018' → Jan 1 or Dec 31."""
    if not value:
        return None
    try:
        parts = [int(p) for p in str(value).split("-")[:2]]
    except ValueError:
        raise ValidationError(_("%(v)s is not a year or year-month.") % {"v": value}) from None
    year, month = parts[0], (parts[1] if len(parts) > 1 else (12 if last else 1))
    if not (1900 < year < 2200 and 1 <= month <= 12):
        raise ValidationError(_("%(v)s is not a year or year-month.") % {"v": value})
    return date(year, month, calendar.monthrange(year, month)[1] if last else 1)


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError(_("%(v)s is not a number.") % {"v": value}) from None


# A task is led by a government, a department (局) or the quality office; any unit the
# actor may name can cooperate.
LEAD_KINDS = (OrganizationKind.GOVERNMENT, OrganizationKind.DEPARTMENT, OrganizationKind.OFFICE)


def _check_units(actor, tasks: list[dict]) -> None:
    """Every unit named must be one the actor may name (or a central unit, 海关), a lead
    unit of a lead kind; any other id is answered as one that does not exist."""
    for role, kinds in (("lead", LEAD_KINDS), ("cooperating", ())):
        ids = {int(i) for t in tasks for i in t.get(role, [])}
        central = Organization.objects.filter(central_units_q())
        if kinds:
            central = central.filter(kind__in=kinds)
        allowed = referable(Organization, actor, kinds) | central
        known = set(allowed.filter(pk__in=ids).values_list("pk", flat=True))
        if ids - known:
            raise ValidationError(_("Some units do not exist any more; reload the review page."))


def plan_create(
    *,
    actor,
    region: Region,
    source_text: str,
    meta: dict,
    targets: list[dict],
    phases: list[dict],
    tasks: list[dict],
    source_name: str = "",
    source_bytes: bytes | None = None,
) -> Plan:
    """Store what the reviewer accepted, all at once. Tasks name organisations by id."""
    require_perm(actor, "plans.add_plan")
    require_in_jurisdiction(actor, region)
    digest = source_hash(source_text)
    existing = Plan.objects.filter(region=region, source_hash=digest).first()
    if existing is not None:
        raise ValidationError(
            _("This document was imported already as “%(t)s”.") % {"t": existing.title},
            code="duplicate",
        )
    _check_units(actor, tasks)
    with transaction.atomic():
        plan = Plan(
            title=(meta.get("title") or source_name or _("Untitled plan"))[:255],
            doc_number=meta.get("doc_number") or "",
            issuer=meta.get("issuer") or "",
            issued_on=_day(meta.get("date")),
            region=region,
            period_start=_month(meta.get("period_start")),
            period_end=_month(meta.get("period_end"), last=True),
            source_name=source_name[:255],
            source_text=source_text,
            source_hash=digest,
            created_by=actor,
        )
        if source_bytes is not None:
            plan.source_file.save(
                f"{digest[:16]}-{source_name or 'source.txt'}",
                ContentFile(source_bytes),
                save=False,
            )
        plan.full_clean(exclude=["source_file"])
        plan._history_user = actor
        plan.save()
        _phases_create(actor, plan, phases)
        bulk_create_with_history(
            [_target(plan, i, t) for i, t in enumerate(targets)], Target, default_user=actor
        )
        for i, t in enumerate(tasks):
            task = Task(
                plan=plan,
                title=t["title"][:255],
                description=t.get("description", ""),
                due_on=_day(t.get("due_on")),
                units_as_written=t.get("as_written", {}),
                span_start=(t.get("span") or [None, None])[0],
                span_end=(t.get("span") or [None, None])[1],
                order=i,
            )
            task.full_clean(exclude=["plan"])
            task._history_user = actor
            task.save()
            _units_create(actor, task, t)
    return plan


def _phases_create(actor, plan: Plan, phases: list[dict]) -> None:
    rows = [
        Phase(
            plan=plan,
            name=p["name"][:128],
            starts_on=_month(p.get("start")),
            ends_on=_month(p.get("end"), last=True),
            order=i,
        )
        for i, p in enumerate(phases)
    ]
    bulk_create_with_history(rows, Phase, default_user=actor)


def _units_create(actor, task: Task, item: dict) -> None:
    """The task's lead and cooperating units, from organisation ids in the reviewed item."""
    # Two written names may mean one unit (省质监局 and 省工商局 are both 市场监管局 now).
    lead = dict.fromkeys(item.get("lead", []))
    units = [TaskUnit(task=task, organization_id=o, role=UnitRole.LEAD) for o in lead]
    units += [
        TaskUnit(task=task, organization_id=o, role=UnitRole.COOPERATING)
        for o in dict.fromkeys(item.get("cooperating", []))
        if o not in lead
    ]
    bulk_create_with_history(units, TaskUnit, default_user=actor)


def _day(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return _month(value, last=True)


def _target(plan: Plan, order: int, t: dict) -> Target:
    if t.get("comparator") not in Comparator.values:
        raise ValidationError(_("Unknown comparator %(c)s.") % {"c": t.get("comparator")})
    span = t.get("span") or [None, None]
    target = Target(
        plan=plan,
        indicator_text=str(t.get("indicator") or "")[:255],
        comparator=t["comparator"],
        value=_decimal(t.get("value")),
        unit=(t.get("unit") or "")[:16],
        deadline=str(t.get("deadline") or "")[:7],
        span_start=span[0],
        span_end=span[1],
        order=order,
    )
    # The model's rules, and the column's: a value of 10²⁰ or NaN is refused here, not by
    # the database.
    target.full_clean(exclude=["plan"])
    return target


PLAN_EDITABLE = ("title", "doc_number", "issuer", "period_start", "period_end")


def plan_update(*, actor, plan: Plan, data: dict) -> Plan:
    """Correct what the extraction got wrong: title, document number, issuer, period."""
    require_perm(actor, "plans.change_plan")
    require_managed(actor, plan)
    unknown = sorted(set(data) - set(PLAN_EDITABLE))
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(unknown)}
        )
    for field in PLAN_EDITABLE:
        setattr(plan, field, data.get(field, getattr(plan, field)))
    plan.full_clean(exclude=["source_file"])
    plan._history_user = actor
    plan.save()
    return plan


def target_set_indicator(*, actor, target: Target, indicator_code: str) -> Target:
    """Link a target to the catalogue indicator it is measured by (blank unlinks it)."""
    require_perm(actor, "plans.change_target")
    require_managed(actor, target)
    target.indicator_code = (indicator_code or "").strip()[:64]
    target.full_clean()
    target._history_user = actor
    target.save()
    return target


def task_set_due_on(*, actor, task: Task, due_on: date | None) -> Task:
    require_perm(actor, "plans.change_task")
    require_managed(actor, task)
    task.due_on = due_on
    task.full_clean()
    task._history_user = actor
    task.save()
    return task


def plan_update_from_review(
    *, actor, plan: Plan, meta: dict, targets: list[dict], phases: list[dict], tasks: list[dict]
) -> dict:
    """Apply a new review of the same document to its plan, keeping what has been reported.

    Targets match by indicator, tasks by title: matched ones are updated in place (their
    reports and notices stay), new ones are added, and those no longer in the review are
    removed unless reports or notices hang on them. Phases are replaced.
    """
    require_perm(actor, "plans.change_plan")
    require_managed(actor, plan)
    _check_units(actor, tasks)
    summary = {"added": 0, "updated": 0, "removed": 0, "kept": 0}
    with transaction.atomic():
        plan.title = (meta.get("title") or plan.title)[:255]
        plan.doc_number = meta.get("doc_number") or plan.doc_number
        plan.issuer = meta.get("issuer") or plan.issuer
        plan.issued_on = _day(meta.get("date")) or plan.issued_on
        plan._history_user = actor
        plan.save()
        plan.phases.all().delete()
        _phases_create(actor, plan, phases)
        _merge_targets(actor, plan, targets, summary)
        _merge_tasks(actor, plan, tasks, summary)
    return summary


def _merge_targets(actor, plan: Plan, targets: list[dict], summary: dict) -> None:
    existing = _by_name(plan.targets.all(), "indicator_text")
    for i, item in enumerate(targets):
        fresh = _target(plan, i, item)
        target = _take(existing, fresh.indicator_text)
        if target is None:
            fresh._history_user = actor
            fresh.save()
            summary["added"] += 1
            continue
        for field in ("comparator", "value", "unit", "deadline", "span_start", "span_end", "order"):
            setattr(target, field, getattr(fresh, field))
        target._history_user = actor
        target.save()
        summary["updated"] += 1
    _remove_unreported(actor, [x for same in existing.values() for x in same], summary)


def _merge_tasks(actor, plan: Plan, tasks: list[dict], summary: dict) -> None:
    existing = _by_name(plan.tasks.all(), "title")
    for i, item in enumerate(tasks):
        task = _take(existing, item["title"][:255])
        if task is None:
            task = Task(plan=plan, title=item["title"][:255])
            summary["added"] += 1
        else:
            summary["updated"] += 1
        task.description = item.get("description", task.description)
        task.due_on = _day(item.get("due_on")) or task.due_on
        task.units_as_written = item.get("as_written", task.units_as_written)
        span = item.get("span") or [task.span_start, task.span_end]
        task.span_start, task.span_end, task.order = span[0], span[1], i
        task._history_user = actor
        task.save()
        task.task_units.all().delete()
        _units_create(actor, task, item)
    _remove_unreported(actor, [x for same in existing.values() for x in same], summary)


def _by_name(items, field: str) -> dict[str, list]:
    """Items by name, in order: a document may restate a target under the same name."""
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(getattr(item, field), []).append(item)
    return out


def _take(existing: dict[str, list], name: str):
    same = existing.get(name)
    return same.pop(0) if same else None


def _remove_unreported(actor, items, summary: dict) -> None:
    for item in items:
        if item.reports.exists() or getattr(item, "notices", None) and item.notices.exists():
            summary["kept"] += 1
            continue
        item._history_user = actor
        item.delete()
        summary["removed"] += 1
