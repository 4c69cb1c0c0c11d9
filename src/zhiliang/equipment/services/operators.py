"""Operators of special equipment (作业人员): their certificates and ID numbers."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.services import security_event_record
from zhiliang.equipment import crypto, due
from zhiliang.equipment.data import operator_items
from zhiliang.equipment.models import Operator
from zhiliang.equipment.services._common import REVEAL_EVENT, _checked

# -- operators -----------------------------------------------------------------------------


def _operator_fields(data: dict) -> dict:
    data = dict(data)
    number = data.pop("id_number", None)
    if number is not None:
        number = crypto.normalize_id(number)
        data["id_number_encrypted"] = crypto.encrypt(number)
        data["id_number_hash"] = crypto.keyed_hash(number)
        data["id_number_masked"] = crypto.mask_id(number)
    if "employer" in data:
        data["region_id"] = data["employer"].region_id
    return data


def _operator_derived(op: Operator) -> None:
    if op.issued_on and not op.valid_until:
        op.valid_until = due.add_years(op.issued_on, int(operator_items()["validity_years"]))
    if op.issued_on and (op.recorded_on is None or op.recorded_on > op.issued_on):
        op.recorded_on = op.issued_on
    if op.recorded_on is None:
        op.recorded_on = timezone.localdate()
    ends = [d for d in (op.valid_until, op.left_on) if d]
    op.certified_until = min(ends) if ends and op.issued_on else None
    if not op.issued_on:
        op.certified_until = op.recorded_on  # never certified: out of the numerator at once


def operator_validate(*, data: dict, instance: Operator | None = None, context=None):
    """`instance` (or a new operator) with `data` applied, checked: its own rules, the
    minimum age (from the ID number) and the person not recorded already. `context` may
    carry the importer's `taken_hashes` and `today`."""
    operator = instance or Operator()
    fields = _operator_fields(data)
    # Left empty, the service fills it in (the issue date, else today).
    unset = [] if fields.get("recorded_on", operator.recorded_on) else ["recorded_on"]
    too_young = _under_age(data.get("id_number"), (context or {}).get("today"))
    _checked(
        operator, fields, context, exclude=unset,
        taken=lambda op, ctx: {**too_young, **_person_taken(op, ctx)},
    )  # fmt: skip
    return operator


def _under_age(number: str | None, today: date | None) -> dict:
    if not number:
        return {}
    minimum = int(operator_items()["minimum_age"])
    try:
        _number, birth = crypto.parse_id_number(number)
    except ValueError:
        return {
            "id_number": _("%(v)s is not a valid 18-digit resident ID number.")
            % {"v": crypto.mask_id_text(number)}
        }
    if crypto.age_on(birth, today or timezone.localdate()) < minimum:
        return {"id_number": _("The operator is under %(n)d years old.") % {"n": minimum}}
    return {}


def _person_taken(operator: Operator, context: dict) -> dict:
    digest, taken = operator.id_number_hash, context.get("taken_hashes")
    if not digest:
        return {}
    if taken is not None:
        found = digest in taken
    else:
        others = Operator.objects.filter(id_number_hash=digest)
        found = others.exclude(pk=operator.pk).exists()
    return {"id_number": _("An operator with this ID number is already recorded.")} if found else {}


def operator_create(*, actor, data: dict) -> Operator:
    require_perm(actor, "equipment.add_operator")
    require_referable(actor, data.get("employer"), "employer")
    op = operator_validate(data=data)
    _operator_derived(op)
    op._history_user = actor
    op.save()
    return op


def operator_update(*, actor, operator: Operator, data: dict) -> Operator:
    require_perm(actor, "equipment.change_operator")
    require_visible(actor, operator)
    require_referable(actor, data.get("employer"), "employer")
    operator_validate(data=data, instance=operator)
    _operator_derived(operator)
    operator._history_user = actor
    operator.save()
    return operator


def operators_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported operators (checked by `operator_validate`) with their history."""
    require_perm(actor, "equipment.add_operator")
    ops = []
    for row in rows:
        op = Operator(**_operator_fields(row))
        _operator_derived(op)
        ops.append(op)
    with transaction.atomic():
        bulk_create_with_history(
            ops, Operator, batch_size=2000, default_user=actor, default_change_reason="import"
        )
    return len(ops)


def operator_reveal_id(*, actor, operator: Operator, request=None) -> str:
    """The full ID number, for a role allowed to see it; every reveal is a security event."""
    require_perm(actor, "equipment.reveal_operator_id")
    require_visible(actor, operator)
    security_event_record(
        kind=REVEAL_EVENT,
        request=request,
        user=actor,
        actor=actor,
        detail={
            "operator": operator.pk,
            "name": operator.name,
            "masked": operator.id_number_masked,
        },
    )
    return crypto.decrypt(operator.id_number_encrypted)
