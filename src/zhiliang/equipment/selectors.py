"""Reads of the equipment registry, always through `visible_to(user)`."""

from django.db.models import Count, F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhiliang.core.filtersets import filled
from zhiliang.core.freshness import cached_aggregate
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.equipment import due
from zhiliang.equipment.choices import DueState, UnitStatus
from zhiliang.equipment.filtersets import (
    EquipmentUnitFilterSet,
    OperatorFilterSet,
    PeriodicInspectionFilterSet,
)
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection
from zhiliang.equipment.services.units import unit_rule


def unit_list(*, user, filters=None):
    qs = EquipmentUnit.objects.visible_to(user).select_related("region", "enterprise")
    return EquipmentUnitFilterSet(filled(filters), queryset=qs, user=user)


def unit_get(*, user, pk) -> EquipmentUnit:
    return (
        EquipmentUnit.objects.visible_to(user)
        .select_related("region", "enterprise", "enterprise__region")
        .get(pk=pk)
    )


def unit_due(*, unit) -> dict | None:
    """The rule behind the unit's next due date in the reader's language: rule, why, source
    and its ✓/? mark. Worked out again from the rules (the stored text is for exports and
    the CLI); None when the rules cannot date the unit."""
    try:
        result = unit_rule(unit)
    except ValueError:
        return None
    language = get_language() or "zh-hans"
    return {
        "rule": result.text(language),
        "why": result.why(language),
        # An override has no regulation behind it; its source is said in the reader's words.
        "source": _("set for this unit") if result.rule_id == "override" else result.source,
        "certainty": result.certainty,
    }


# The fields the rules read to date a unit (`unit_rule`): an export loads only these.
DUE_FIELDS = ("catalogue_code", "accepted_on", "last_inspected_on", "safety_grade", "gas_class",
              "override_every_years", "override_due_on", "override_reason")  # fmt: skip


def unit_due_text(*, unit) -> str:
    """`unit_due` as one line in the reader's language, for exports and the admin:
    the rule, why this date, its source and mark."""
    explained = unit_due(unit=unit)
    if explained is None:
        return str(
            _("The interval rules give this unit no next due date: give it its own interval.")
        )
    source = " ".join(filter(None, [explained["source"], explained["certainty"]]))
    return f"{explained['rule']} — {explained['why']} ({source})"


def unit_inspections(*, unit):
    return unit.inspections.order_by("-inspected_on", "-id")


def unit_due_dates(*, unit, limit: int = 20):
    return unit.due_dates.select_related("inspection")[:limit]


def unit_override_history(*, unit) -> list:
    """Versions of the unit whose override changed: who, when, what, why."""
    versions = list(
        unit.history.select_related("history_user").order_by("history_date", "history_id")
    )
    out, previous = [], (None, None, "")
    for v in versions:
        current = (v.override_every_years, v.override_due_on, v.override_reason)
        if current != previous and (any(current[:2]) or any(previous[:2])):
            out.append(v)
        previous = current
    return list(reversed(out))


def inspection_list(*, user, filters=None):
    qs = PeriodicInspection.objects.visible_to(user).select_related("unit")
    return PeriodicInspectionFilterSet(filled(filters), queryset=qs, user=user)


def operator_list(*, user, filters=None):
    qs = Operator.objects.visible_to(user).select_related("region", "employer")
    return OperatorFilterSet(filled(filters), queryset=qs, user=user)


def operator_get(*, user, pk) -> Operator:
    return Operator.objects.visible_to(user).select_related("region", "employer").get(pk=pk)


def _child_digits(code: str) -> int:
    return {2: 4, 4: 6}.get(len(code), 9)


def overdue_board(*, user, region_code: str | None = None) -> dict:
    """Counts of in-use units by kind and due state, and per child region (townships for a
    county): one grouped query each. `region_code` narrows the scope inside the jurisdiction."""
    scope = user.jurisdiction
    if scope is None:
        return {"scope": None, "kinds": [], "children": [], "totals": {}}
    if region_code and region_code != scope.code:
        region = Region.objects.filter(code=region_code).first()
        scope = region if in_jurisdiction(user, region) else scope
    units = EquipmentUnit.objects.visible_to(user).in_region(scope.code).order_by()
    in_use = units.filter(status=UnitStatus.IN_USE)
    states = {
        "overdue": Count("id", filter=Q(due_state=DueState.OVERDUE)),
        "due_soon": Count("id", filter=Q(due_state=DueState.DUE_SOON)),
        "unregistered": Count("id", filter=Q(registered_on__isnull=True)),
        "total": Count("id"),
    }
    names = {e.code: e.name for e in due.catalogue().values() if e.level == "kind"}
    kinds = [
        {**row, "name": names.get(row["kind_code"], row["kind_code"])}
        for row in in_use.values("kind_code").annotate(**states).order_by("kind_code")
    ]
    digits = _child_digits(scope.code)
    rows = list(
        in_use.annotate(child=F("region_id") / 10 ** (10 - digits))
        .values("child")
        .annotate(**states)
        .order_by("child")
    )
    region_names = dict(
        Region.objects.filter(code__in=[str(r["child"]) for r in rows]).values_list("code", "name")
    )
    children = []
    for r in rows:
        code = str(r["child"])
        children.append(
            {**r, "code": code if code in region_names else scope.code,
             "name": region_names.get(code, scope.name)}
        )  # fmt: skip
    totals = {key: sum(k[key] for k in kinds) for key in states}  # every unit has a kind
    return {"scope": scope, "kinds": kinds, "children": children, "totals": totals}


def board_crumbs(*, user, scope) -> list:
    """The regions from the user's jurisdiction down to the board's scope, for its links."""
    if scope is None or user.jurisdiction is None:
        return []
    home = user.jurisdiction.code
    codes = [scope.code[:n] for n in (2, 4, 6, 9) if len(home) <= n <= len(scope.code)]
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def field_list(*, user, region_code: str):
    """Units overdue or due soon in a township (or any region), for field staff."""
    return (
        EquipmentUnit.objects.visible_to(user)
        .in_region(region_code)
        .filter(status=UnitStatus.IN_USE, due_state__in=[DueState.OVERDUE, DueState.DUE_SOON])
        .select_related("enterprise", "region")
        .order_by("next_due_on", "register_code")
    )


def home_equipment(*, user) -> dict:
    """In-use units overdue, due within 30 days and never registered: one query."""
    in_use = EquipmentUnit.objects.visible_to(user).filter(status=UnitStatus.IN_USE)
    return cached_aggregate(
        in_use,
        overdue=Count("id", filter=Q(due_state=DueState.OVERDUE)),
        due_soon=Count("id", filter=Q(due_state=DueState.DUE_SOON)),
        unregistered=Count("id", filter=Q(registered_on__isnull=True)),
    )
