"""任务分解 roll-up: how the regions that adopted a plan (directly, or through a plan that
adopted it) stand on each of its targets and tasks."""

from django.db.models import Case, F, Q, When

from zhiliang.plans.board import _target_value, completion_counts
from zhiliang.plans.models import Plan, Target, Task
from zhiliang.plans.selectors import target_met

# A province plan is adopted by a city, whose plan a district adopts: two levels down.
DESCENDS = ("parent__plan", "parent__parent__plan")


def _below(plan: Plan) -> Q:
    return Q(**{DESCENDS[0]: plan}) | Q(**{DESCENDS[1]: plan})


def rollup(*, user, plan: Plan) -> dict | None:
    """Per target of `plan` and per region that adopted it (that the user may see): the
    region's own value, its latest reported value and whether it is on track; per region
    its tasks on time, late, overdue and open. None when no region below has adopted it.
    Two queries for the targets' cells and one grouped query for the tasks."""
    adopted = list(
        Target.objects.visible_to(user)
        .filter(_below(plan))
        .annotate(
            root=Case(When(parent__plan=plan, then=F("parent_id")), default=F("parent__parent_id")),
            latest_value=_target_value(0),
            region_code=F("plan__region__code"),
            region_name=F("plan__region__name"),
        )
        .order_by("plan__region__code", "id")
    )
    tasks = Task.objects.visible_to(user).filter(_below(plan))
    by_region = completion_counts(tasks, by="region")
    plans = list(
        Plan.objects.visible_to(user)
        .filter(Q(parent=plan) | Q(parent__parent=plan))
        .select_related("region", "parent")
        .defer("source_text", "parent__source_text")
        .order_by("region__code")
    )
    if not plans:
        return None
    regions = [(p.region.code, p.region.name) for p in plans]
    cells: dict = {}
    for t in adopted:
        t.met = target_met(t.comparator, t.value, t.latest_value)
        cells.setdefault(t.root, {})[t.region_code] = t
    rows = [
        {"target": target, "cells": [cells.get(target.pk, {}).get(code) for code, _n in regions]}
        for target in plan.targets.all()
        if target.pk in cells
    ]
    on_track = {
        code: sum(1 for r in rows if (c := r["cells"][i]) is not None and c.met)
        for i, (code, _n) in enumerate(regions)
    }
    return {
        "plans": plans,
        "regions": [
            {"code": code, "name": name, "on_track": on_track[code]} for code, name in regions
        ],
        "rows": rows,
        "tasks": by_region,
    }
