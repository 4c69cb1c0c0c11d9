"""Special equipment (特种设备) units, their periodic inspections and due dates; operators.

A unit's next due date is computed by the rules in data/inspection_rules.yaml (due.py) and
stored on the unit with the rule's text, so lists, boards, exports and indicators filter on a
column. `InspectionDue` keeps one row per due date that fell due (or was met early): the
on-time inspection rate is a count over that one table.
"""

from zhiliang.equipment.models.inspections import (
    InspectionDue,
    InspectionDueQuerySet,
    PeriodicInspection,
    PeriodicInspectionQuerySet,
)
from zhiliang.equipment.models.operators import Operator, OperatorQuerySet
from zhiliang.equipment.models.units import (
    EquipmentUnit,
    EquipmentUnitQuerySet,
    validate_catalogue_code,
)

__all__ = [
    "EquipmentUnit",
    "EquipmentUnitQuerySet",
    "InspectionDue",
    "InspectionDueQuerySet",
    "Operator",
    "OperatorQuerySet",
    "PeriodicInspection",
    "PeriodicInspectionQuerySet",
    "validate_catalogue_code",
]
