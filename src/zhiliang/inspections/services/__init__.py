"""Writes of supervision sampling, one module per sub-domain: plans and quotas, draws,
samples, follow-ups, inspectors.

Every action checks its permission (core/roles.py, inspections.*) and the actor's
jurisdiction through core/guards.py, validates everything before it writes, and writes
all or nothing. The names below are the public ones; import them from here.
"""

from zhiliang.inspections.services.draws import draw_discard, draw_publish, draw_run
from zhiliang.inspections.services.followups import (
    TRANSITIONS,
    StepOption,
    allowed_actions,
    followup_open,
    followup_steps,
    followup_transition,
    followups_flag_overdue,
)
from zhiliang.inspections.services.inspectors import (
    conflict_create,
    conflict_delete,
    inspector_create,
    inspector_update,
    inspector_validate,
)
from zhiliang.inspections.services.plans import (
    quota_set,
    sampling_plan_create,
    sampling_plan_update,
    sampling_plan_validate,
)
from zhiliang.inspections.services.samples import (
    LABORATORY_KINDS,
    overall_verdict,
    sample_edit_refusal,
    sample_pick_for,
    sample_publish,
    sample_publish_refusal,
    sample_record,
    sample_update,
    sample_validate,
)

__all__ = [
    "LABORATORY_KINDS",
    "TRANSITIONS",
    "StepOption",
    "allowed_actions",
    "conflict_create",
    "conflict_delete",
    "draw_discard",
    "draw_publish",
    "draw_run",
    "followup_open",
    "followup_steps",
    "followup_transition",
    "followups_flag_overdue",
    "inspector_create",
    "inspector_update",
    "inspector_validate",
    "overall_verdict",
    "quota_set",
    "sample_edit_refusal",
    "sample_pick_for",
    "sample_publish",
    "sample_publish_refusal",
    "sample_record",
    "sample_update",
    "sample_validate",
    "sampling_plan_create",
    "sampling_plan_update",
    "sampling_plan_validate",
]
