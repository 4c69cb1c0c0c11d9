"""Pages of supervision sampling, one module per sub-domain. Reads come from `selectors`;
writes go through `services` after a permission check; a refusal is a message, never a
half-done change."""

from zhiliang.inspections.views.draw_list import DrawList
from zhiliang.inspections.views.draws import draw_detail, draw_discard, draw_publish, draw_verify
from zhiliang.inspections.views.followups import (
    followup_board,
    followup_detail,
    followup_open,
    step_evidence,
)
from zhiliang.inspections.views.inspectors import (
    inspector_detail,
    inspector_edit,
    inspector_list,
    inspector_new,
)
from zhiliang.inspections.views.plans import (
    draw_run,
    plan_detail,
    plan_edit,
    plan_list,
    plan_new,
    quota_set,
)
from zhiliang.inspections.views.results import public_results, statistics
from zhiliang.inspections.views.samples import (
    result_template,
    sample_detail,
    sample_edit,
    sample_export,
    sample_list,
    sample_new,
    sample_publish,
)

__all__ = [
    "DrawList",
    "draw_detail",
    "draw_discard",
    "draw_publish",
    "draw_run",
    "draw_verify",
    "followup_board",
    "followup_detail",
    "followup_open",
    "inspector_detail",
    "inspector_edit",
    "inspector_list",
    "inspector_new",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_new",
    "public_results",
    "quota_set",
    "result_template",
    "sample_detail",
    "sample_edit",
    "sample_export",
    "sample_list",
    "sample_new",
    "sample_publish",
    "statistics",
    "step_evidence",
]
