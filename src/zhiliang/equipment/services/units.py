"""Writes of the equipment registry: units, inspections, due dates, overrides.

Rights and jurisdiction (core/guards), the rules (`Model.clean()` and the validators below,
which need other rows) and the stored due date are kept here; serializers and forms only
convert. A unit's due date is recomputed by the rules (due.py) on
every change that moves it; the daily job (`units_refresh_due`) reclassifies every unit
against today with set-based updates and writes the due dates that arrived.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.equipment import due
from zhiliang.equipment.choices import PASSING, DueState, UnitStatus
from zhiliang.equipment.data import due_soon_days
from zhiliang.equipment.models import EquipmentUnit, InspectionDue, PeriodicInspection
from zhiliang.equipment.services._common import _checked

RECOMPUTE_CHUNK = 5000


# -- due dates -----------------------------------------------------------------------------


def due_state(*, status: str, next_due_on: date | None, today: date) -> str:
    if status != UnitStatus.IN_USE:
        return DueState.INACTIVE
    if next_due_on is None:
        return DueState.UNKNOWN
    if next_due_on < today:
        return DueState.OVERDUE
    if next_due_on <= today + timedelta(days=due_soon_days()):
        return DueState.DUE_SOON
    return DueState.OK


def unit_override_rule(unit: EquipmentUnit) -> dict | None:
    if unit.override_every_years is not None:
        return {"every_years": unit.override_every_years, "reason": unit.override_reason}
    if unit.override_due_on is not None:
        return {"due": unit.override_due_on, "reason": unit.override_reason}
    return None


def unit_rule(unit: EquipmentUnit):
    """The rules' answer for the unit's next due date (ValueError when they cannot date it),
    as of its last inspection or acceptance: the stored text says no "overdue on", the daily
    state does."""
    return due.next_due(
        code=unit.catalogue_code,
        accepted=unit.accepted_on,
        last_inspected=unit.last_inspected_on,
        grade=unit.safety_grade,
        gas_class=unit.gas_class or None,
        as_of=unit.last_inspected_on or unit.accepted_on,
        override=unit_override_rule(unit),
    )


def compute_due(unit: EquipmentUnit, today: date | None = None) -> None:
    """Set the unit's stored due fields from the rules (no save). A unit the rules cannot
    date (no rule for its code, a missing grade) keeps no date and the reason why."""
    today = today or timezone.localdate()
    try:
        result = unit_rule(unit)
        unit.next_due_on, unit.due_rule, unit.due_reason = (
            result.date,
            due.rule_line(result),
            result.reason,
        )
    except ValueError as exc:
        unit.next_due_on, unit.due_rule, unit.due_reason = None, "", str(exc)
    unit.due_rules_version = due.rules_version()
    unit.due_state = due_state(status=unit.status, next_due_on=unit.next_due_on, today=today)


def _derived_fields(unit: EquipmentUnit) -> None:
    unit.catalogue_code = due.entry(unit.catalogue_code).code
    unit.kind_code, unit.category_code = due.kind_and_category(unit.catalogue_code)
    if unit.registered_on:
        unit.registered_from = max(unit.registered_on, unit.in_service_on)
    else:
        unit.registered_from = None
    if unit.status == UnitStatus.IN_USE:
        unit.retired_on = None
    elif unit.retired_on is None:
        unit.retired_on = timezone.localdate()


def _write_fallen_due(unit: EquipmentUnit, today: date) -> None:
    if unit.status == UnitStatus.IN_USE and unit.next_due_on and unit.next_due_on <= today:
        InspectionDue.objects.get_or_create(
            unit=unit, due_on=unit.next_due_on, defaults={"region_id": unit.region_id}
        )


# -- units ---------------------------------------------------------------------------------


def unit_validate(*, data: dict, instance: EquipmentUnit | None = None, context=None):
    """`instance` (or a new unit) with `data` applied, checked: its own rules and its register
    code not taken. `context` may carry the importer's `taken_codes`."""
    unit = instance or EquipmentUnit()
    _checked(unit, data, context, taken=_register_code_taken)
    return unit


def _register_code_taken(unit: EquipmentUnit, context: dict) -> dict:
    code, taken = unit.register_code, context.get("taken_codes")
    if taken is not None:
        found = code in taken
    else:
        found = EquipmentUnit.objects.filter(register_code=code).exclude(pk=unit.pk).exists()
    if found:
        return {
            "register_code": _("A unit with register code %(c)s is already registered.")
            % {"c": code}
        }
    return {}


def unit_create(*, actor, data: dict, today: date | None = None) -> EquipmentUnit:
    require_perm(actor, "equipment.add_equipmentunit")
    require_referable(actor, data.get("enterprise"), "enterprise")
    today = today or timezone.localdate()
    return _unit_save(actor, unit_validate(data=data), today)


def unit_update(
    *, actor, unit: EquipmentUnit, data: dict, today: date | None = None
) -> EquipmentUnit:
    require_perm(actor, "equipment.change_equipmentunit")
    require_visible(actor, unit)
    require_referable(actor, data.get("enterprise"), "enterprise")
    today = today or timezone.localdate()
    return _unit_save(actor, unit_validate(data=data, instance=unit), today)


def _unit_save(actor, unit: EquipmentUnit, today: date) -> EquipmentUnit:
    """Save a validated unit (new or changed) with its derived fields and due date; its due
    dates move with it to another region; the dates that fell due are written."""
    require_in_jurisdiction(actor, unit.region)
    _derived_fields(unit)
    compute_due(unit, today)
    unit._history_user = actor
    changed = not unit._state.adding
    with transaction.atomic():
        unit.save()
        if changed:
            InspectionDue.objects.filter(unit=unit).exclude(region_id=unit.region_id).update(
                region_id=unit.region_id
            )
        _write_fallen_due(unit, today)
    return unit


def unit_set_override(
    *,
    actor,
    unit: EquipmentUnit,
    reason: str,
    every_years: int | None = None,
    due_on: date | None = None,
    today: date | None = None,
) -> EquipmentUnit:
    """Give the unit its own interval or due date instead of its rule; a reason is required.

    Both empty clears the override. The history records who changed it and when.
    """
    require_perm(actor, "equipment.change_equipmentunit")
    require_visible(actor, unit)
    reason = (reason or "").strip()
    if every_years is not None and due_on is not None:
        raise ValidationError(_("Give either an interval or a due date, not both."))
    if (every_years is not None or due_on is not None) and not reason:
        raise ValidationError(_("An override needs a reason."))
    trial = EquipmentUnit(**{f.attname: getattr(unit, f.attname) for f in unit._meta.fields})
    trial.override_every_years, trial.override_due_on = every_years, due_on
    trial.override_reason = reason if (every_years or due_on) else ""
    if trial.has_override:
        try:
            unit_rule(trial)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    change = {
        "override_every_years": trial.override_every_years,
        "override_due_on": trial.override_due_on,
        "override_reason": trial.override_reason,
    }
    unit._change_reason = f"override: {reason}" if trial.has_override else "override cleared"
    return unit_update(actor=actor, unit=unit, data=change, today=today)


# -- inspections ---------------------------------------------------------------------------


def inspection_validate(*, data: dict, instance: PeriodicInspection | None = None, context=None):
    """`instance` (or a new inspection) with `data` applied, checked: its own rules and its
    report not recorded for the unit already. `context` may carry the importer's
    `taken_reports`."""
    inspection = instance or PeriodicInspection()
    _checked(inspection, data, context, taken=_report_taken)
    return inspection


def _report_taken(inspection: PeriodicInspection, context: dict) -> dict:
    key, taken = (inspection.unit_id, inspection.report_number), context.get("taken_reports")
    if taken is not None:
        found = key in taken
    else:
        others = PeriodicInspection.objects.filter(unit_id=key[0], report_number=key[1])
        found = others.exclude(pk=inspection.pk).exists()
    return {"report_number": _("This report is already recorded for the unit.")} if found else {}


def inspection_record(
    *, actor, data: dict, today: date | None = None, _bulk: bool = False
) -> PeriodicInspection:
    """Record a periodic inspection and move the unit's due date when it passed.

    A passing inspection (合格, 复检合格) that moves the next due date past the stored one
    meets that due date: its InspectionDue row gets the inspection (on time if on or
    before the date). A failing one (不合格) is kept in the history but moves nothing.
    """
    if not _bulk:
        require_perm(actor, "equipment.add_periodicinspection")
        require_visible(actor, data["unit"])
    today = today or timezone.localdate()
    unit = data["unit"]
    inspection = inspection_validate(data=data)
    if data["inspected_on"] > today:  # the job's or the test's today, not the clock's
        raise ValidationError(_("The inspection date cannot be in the future."))
    with transaction.atomic():
        inspection._history_user = actor
        inspection.save()
        if inspection.conclusion in PASSING and (
            unit.last_inspected_on is None or inspection.inspected_on >= unit.last_inspected_on
        ):
            before = unit.next_due_on
            unit.last_inspected_on = inspection.inspected_on
            if inspection.safety_grade is not None:
                unit.safety_grade = inspection.safety_grade
            compute_due(unit, today)
            unit._history_user = actor
            unit._change_reason = f"periodic inspection {inspection.report_number}"
            unit.save()
            if before is not None and (unit.next_due_on is None or unit.next_due_on > before):
                InspectionDue.objects.update_or_create(
                    unit=unit,
                    due_on=before,
                    defaults={
                        "region_id": unit.region_id,
                        "inspected_on": inspection.inspected_on,
                        "inspection": inspection,
                    },
                )
            _write_fallen_due(unit, today)
    return inspection


def inspections_bulk_record(*, actor, rows: list[dict], today: date | None = None) -> int:
    """Imported inspections, oldest first so each moves its unit's due date in turn."""
    require_perm(actor, "equipment.add_periodicinspection")
    rows = sorted(rows, key=lambda r: (r["unit"].pk, r["inspected_on"]))
    with transaction.atomic():
        for row in rows:
            inspection_record(actor=actor, data=row, today=today, _bulk=True)
    return len(rows)


# -- the daily job -------------------------------------------------------------------------


def units_recompute_stale(*, today: date | None = None, chunk: int = RECOMPUTE_CHUNK) -> int:
    """Recompute the stored due date of units computed by other rules (after the rules data
    changed) or never computed. Python per unit — the rules are Python — in chunks, written
    back with one prepared UPDATE per chunk (executemany)."""
    today = today or timezone.localdate()
    version = due.rules_version()
    needed = ["id", "catalogue_code", "accepted_on", "last_inspected_on", "safety_grade",
              "gas_class", "override_every_years", "override_due_on", "override_reason",
              "status"]  # fmt: skip
    table = EquipmentUnit._meta.db_table
    sql = (
        f"UPDATE {table} SET next_due_on = %s, due_rule = %s, due_reason = %s, "  # noqa: S608
        "due_rules_version = %s, due_state = %s WHERE id = %s"
    )
    adapt = connection.ops.adapt_datefield_value
    done = 0
    # Two index ranges (< and >) rather than a scan for "<>"; no ORDER BY, which would walk
    # the whole table by id. Recomputed units leave the set, so each round takes the next.
    stale = EquipmentUnit.objects.filter(
        Q(due_rules_version__lt=version) | Q(due_rules_version__gt=version)
    ).order_by()
    while True:
        ids = list(stale.values_list("id", flat=True)[:chunk])
        if not ids:
            return done
        rows = []
        for unit in EquipmentUnit.objects.filter(id__in=ids).only(*needed):
            compute_due(unit, today)
            rows.append((adapt(unit.next_due_on), unit.due_rule, unit.due_reason,
                         unit.due_rules_version, unit.due_state, unit.id))  # fmt: skip
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += len(rows)


def units_refresh_due(*, today: date | None = None) -> int:
    """The daily refresh: reclassify every unit against today, set-based, and write the due
    dates that arrived. Returns the number of units whose state changed."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=due_soon_days())
    in_use = Q(status=UnitStatus.IN_USE)
    # Each update reads an index range: the rows that are in another state than the one
    # they move to (state, due date), never a scan of every unit.
    others = lambda state: Q(due_state__in=[s for s in DueState.values if s != state])  # noqa: E731
    targets = [
        (DueState.INACTIVE, Q(status__in=[UnitStatus.STOPPED, UnitStatus.SCRAPPED])),
        (DueState.UNKNOWN, in_use & Q(next_due_on__isnull=True)),
        (DueState.OVERDUE, in_use & Q(next_due_on__lt=today)),
        (DueState.DUE_SOON, in_use & Q(next_due_on__gte=today, next_due_on__lte=soon)),
        (DueState.OK, in_use & Q(next_due_on__gt=soon)),
    ]
    changed = 0
    with transaction.atomic():
        changed += units_recompute_stale(today=today)
        for state, where in targets:
            changed += EquipmentUnit.objects.filter(where & others(state)).update(due_state=state)
        _insert_fallen_due(today)
    return changed


def _insert_fallen_due(today: date) -> int:
    unit, dues = EquipmentUnit._meta.db_table, InspectionDue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {dues} (unit_id, region_id, due_on) "  # noqa: S608 - table names
            f"SELECT u.id, u.region_id, u.next_due_on FROM {unit} u "
            "WHERE u.status = %s AND u.next_due_on <= %s AND NOT EXISTS ("
            f"SELECT 1 FROM {dues} d WHERE d.unit_id = u.id AND d.due_on = u.next_due_on)",
            [UnitStatus.IN_USE.value, today],
        )
        return cursor.rowcount


def units_bulk_create(*, actor, rows: list[dict], today: date | None = None) -> int:
    """Imported units (checked by `unit_validate`) with their history, all or nothing; due
    dates computed on the way."""
    require_perm(actor, "equipment.add_equipmentunit")
    today = today or timezone.localdate()
    units = []
    for row in rows:
        unit = EquipmentUnit(**row)
        _derived_fields(unit)
        compute_due(unit, today)
        units.append(unit)
    with transaction.atomic():
        bulk_create_with_history(
            units, EquipmentUnit, batch_size=2000, default_user=actor,
            default_change_reason="import",
        )  # fmt: skip
        _insert_fallen_due(today)
    return len(units)
