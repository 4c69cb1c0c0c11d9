"""Writes of the plans app: a reviewed extraction becomes a plan; reports; 督办 notices."""

from zhiliang.plans.services.notices import (
    notice_close,
    notice_issue,
    notice_respond,
    notices_draft_overdue,
)
from zhiliang.plans.services.plans import (
    plan_create,
    plan_update,
    plan_update_from_review,
    source_hash,
    target_set_indicator,
    task_set_due_on,
)
from zhiliang.plans.services.reports import report_evidence_add, report_submit

__all__ = [
    "notice_close",
    "notice_issue",
    "notice_respond",
    "notices_draft_overdue",
    "plan_create",
    "plan_update",
    "plan_update_from_review",
    "report_evidence_add",
    "report_submit",
    "source_hash",
    "target_set_indicator",
    "task_set_due_on",
]
