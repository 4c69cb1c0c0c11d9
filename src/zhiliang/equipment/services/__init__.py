"""Writes of the equipment registry (see units.py and operators.py); the public names."""

from zhiliang.equipment.services._common import (  # noqa: F401
    REVEAL_EVENT,
)
from zhiliang.equipment.services.operators import (  # noqa: F401
    operator_create,
    operator_reveal_id,
    operator_update,
    operator_validate,
    operators_bulk_create,
)
from zhiliang.equipment.services.units import (  # noqa: F401
    RECOMPUTE_CHUNK,
    compute_due,
    due_state,
    inspection_record,
    inspection_validate,
    inspections_bulk_record,
    unit_create,
    unit_override_rule,
    unit_set_override,
    unit_update,
    unit_validate,
    units_bulk_create,
    units_recompute_stale,
    units_refresh_due,
)
