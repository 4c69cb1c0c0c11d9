"""Roles and what each may do. This table is the only place permissions are granted.

三员分立: the three administrator roles run the system, grant roles and read the
audit trail, but none of them reads or changes business data, and no account may
hold an administrator role together with any other role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("system administrator")
    SECURITY_ADMIN = "security_admin", _("security administrator")
    AUDIT_ADMIN = "audit_admin", _("audit administrator")
    OFFICE_STAFF = "office_staff", _("office staff")
    DEPARTMENT_REPORTER = "department_reporter", _("department reporter")
    INSPECTOR = "inspector", _("inspector")
    VIEWER = "viewer", _("viewer")


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)
# Roles that may use the back-office admin site.
STAFF_ROLES = frozenset(ADMIN_ROLES | {Role.OFFICE_STAFF})


def _crud(model: str, *actions: str) -> set[str]:
    app, name = model.split(".")
    return {f"{app}.{action}_{name}" for action in actions}


_REFERENCE = {"core.view_region", "core.view_organization"}
# Whoever exports (business roles their lists, the audit administrator the change history)
# downloads large exports from their own export files.
_EXPORTS = {"core.view_exportfile"}
_ENTERPRISE_READ = _crud("enterprises.enterprise", "view") | {"enterprises.view_industry"}
_PLAN_READ = {
    f"plans.view_{m}"
    for m in ("plan", "phase", "target", "task", "progressreport", "supervisionnotice")
}
_PLAN_WRITE = (
    _crud("plans.plan", "add", "change")
    | _crud("plans.task", "change")
    | _crud("plans.target", "change")
    | _crud("plans.progressreport", "add")
    | _crud("plans.supervisionnotice", "change")
)

_SAMPLING_READ = {
    f"inspections.view_{m}" for m in ("inspector", "samplingplan", "draw", "sample", "followup")
}
_SAMPLING_FIELD = _crud("inspections.sample", "add", "change") | _crud(
    "inspections.followup", "add", "change"
)
_SAMPLING_WRITE = (
    _SAMPLING_FIELD
    | _crud("inspections.inspector", "add", "change")
    | _crud("inspections.samplingplan", "add", "change")
    | _crud("inspections.draw", "add")
    | {"inspections.publish_draw", "inspections.publish_sample"}
)
_EQUIPMENT_READ = {
    f"equipment.view_{m}" for m in ("equipmentunit", "periodicinspection", "operator")
}
_EQUIPMENT_WRITE = (
    _crud("equipment.equipmentunit", "add", "change")
    | _crud("equipment.periodicinspection", "add", "change")
    | _crud("equipment.operator", "add", "change")
)
_LICENSING_READ = {"licensing.view_certificate", "licensing.view_instrument"}
_LICENSING_WRITE = _crud("licensing.certificate", "add", "change") | _crud(
    "licensing.instrument", "add", "change"
)
_PENALTY_READ = {"penalties.view_penalty", "penalties.view_abnormallisting"} | {
    "penalties.view_seriousviolation",
    "penalties.view_penaltyrepair",
}
_PENALTY_WRITE = (
    _crud("penalties.penalty", "add", "change", "delete")
    | _crud("penalties.abnormallisting", "add", "change", "delete")
    | _crud("penalties.seriousviolation", "add", "change")
    | _crud("penalties.penaltyrepair", "add", "change")
)
_COMPLAINTS_READ = {"complaints.view_complaint"}
_COMPLAINTS_WRITE = _crud("complaints.complaint", "add", "change", "delete")
_INJURIES_READ = {"injuries.view_sentinelhospital", "injuries.view_injurycase"}
_INJURIES_WRITE = (
    _crud("injuries.injurycase", "add", "change", "delete")
    | _crud("injuries.sentinelhospital", "add", "change")
    | {"injuries.view_narrative"}
)
_CASES_READ = {
    "cases.view_case", "cases.view_deadline", "cases.view_interview", "cases.view_recall",
    "cases.view_recallreport", "cases.view_foreignrecall", "cases.view_foreignmatch",
}  # fmt: skip
_CASES_WRITE = (
    _crud("cases.case", "add", "change")
    | _crud("cases.interview", "add", "change")
    | {"cases.add_casedocument"}
    | _crud("cases.foreignrecall", "add", "change")
    | {"cases.change_foreignmatch"}
)
_RISK_READ = {"risk.view_riskinformation", "risk.view_signal"}
_RISK_WRITE = _crud("risk.riskinformation", "add", "change", "delete")
# Risk monitoring plans, purchases and results (issue 16 item 2).
_MONITORING_READ = {
    "monitoring.view_plan", "monitoring.view_testitem", "monitoring.view_purchase",
    "monitoring.view_result",
}  # fmt: skip
_MONITORING_WRITE = (
    _crud("monitoring.plan", "add", "change")
    | _crud("monitoring.testitem", "add", "change")
    | _crud("monitoring.purchase", "add", "change")
    | _crud("monitoring.result", "add")
)
# Assessments, warnings, cards and their actions (issue #16 items 5, 6, 8, 9).
_WARN_READ = {f"earlywarning.view_{m}" for m in ("riskassessment", "riskwarning", "card", "action")}
_WARN_ASSESS = _crud("earlywarning.riskassessment", "add", "change")
_WARN_WRITE = (
    _WARN_ASSESS
    | _crud("earlywarning.riskwarning", "add", "change")
    | _crud("earlywarning.card", "add", "change")
    | _crud("earlywarning.action", "add")
)
# Satisfaction surveys and metrology campaigns (issue 20); responses and checks are imported.
_SATMET_READ = {
    "satisfaction.view_survey", "satisfaction.view_response", "metrology.view_campaign",
    "metrology.view_check", "metrology.view_energyunit", "metrology.view_meterconfig",
}  # fmt: skip
_SATMET_WRITE = (
    _crud("satisfaction.survey", "add", "change", "delete")
    | _crud("satisfaction.response", "add")
    | _crud("metrology.campaign", "add", "change", "delete")
    | _crud("metrology.check", "add", "delete")
    | _crud("metrology.energyunit", "add", "change", "delete")
    | _crud("metrology.meterconfig", "add", "change", "delete")
)
# Testing bodies, TBT notifications, chief quality officers (issue 18).
_INFRA_READ = {
    f"infrastructure.view_{m}"
    for m in ("laboratory", "scopeitem", "notice", "match", "comment", "appointment", "training")
}
_INFRA_WRITE = (
    _crud("infrastructure.laboratory", "add", "change", "delete")
    | _crud("infrastructure.scopeitem", "add", "delete")
    | _crud("infrastructure.notice", "add", "change", "delete")
    | _crud("infrastructure.comment", "add")
    | _crud("infrastructure.appointment", "add", "change")
    | _crud("infrastructure.training", "add", "delete")
)
# Recognition (issue 18): office staff run rounds; experts score with their own login
# (the inspector role, on the seats of their panels only — see recognition/services.py).
_RECOGNITION_READ = {
    f"recognition.view_{m}"
    for m in ("expert", "round", "application", "applicationdocument", "seat", "score",
              "objection", "holder")
}  # fmt: skip
_RECOGNITION_WRITE = (
    _crud("recognition.expert", "add", "change")
    | _crud("recognition.round", "add", "change")
    | _crud("recognition.application", "add", "change")
    | _crud("recognition.applicationdocument", "add")
    | _crud("recognition.score", "add")
    | _crud("recognition.objection", "add", "change")
    | _crud("recognition.holder", "add", "change")
)
# The standards registry (issue 18): standards, enterprise standards, 采标, 制修订, pilots.
_STANDARDS_READ = {
    "standards.view_standard", "standards.view_enterprisestandard", "standards.view_adoption",
    "standards.view_drafting", "standards.view_pilot", "standards.view_review",
}  # fmt: skip
_STANDARDS_WRITE = (
    _crud("standards.standard", "add", "change", "delete")
    | _crud("standards.enterprisestandard", "add", "change", "delete")
    | _crud("standards.adoption", "add", "change", "delete")
    | _crud("standards.drafting", "add", "change", "delete")
    | _crud("standards.pilot", "add", "change", "delete")
    | {"standards.change_reference_standard"}
)
_INDICATOR_READ = {
    "indicators.view_indicator",
    "indicators.view_indicatorvalue",
    "indicators.view_reportedvalue",
    "assessments.view_assessmentscheme",
    "assessments.view_assessmentresult",
    "assessments.view_targetlink",
}
_INDICATOR_WRITE = (
    _crud("indicators.indicator", "change")
    | {"indicators.compute_indicators", "indicators.add_reportedvalue"}
    | _crud("assessments.assessmentscheme", "add", "change")
    | _crud("assessments.assessmentresult", "add")
    | _crud("assessments.targetlink", "add", "change")
    | {"assessments.publish_assessmentresult"}
)
# Credit classes: office staff and inspectors of the jurisdiction, never public (issue #15).
_CREDIT_READ = {"credit.view_creditrecord", "credit.view_creditclass", "credit.view_classchange"}
_CREDIT_WRITE = {"credit.override_creditclass", "credit.view_backtest"}
_RESET_APPROVAL = {"core.view_passwordreset", "core.approve_passwordreset"}
_REGISTRY_READ = (
    _SAMPLING_READ
    | _EQUIPMENT_READ
    | _LICENSING_READ
    | _PENALTY_READ
    | _COMPLAINTS_READ
    | _INJURIES_READ
    | _CASES_READ
    | _RISK_READ
    | _MONITORING_READ
    | _WARN_READ
    | _SATMET_READ
    | _INDICATOR_READ
    | _INFRA_READ
    | _RECOGNITION_READ
    | _STANDARDS_READ
)

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        _REFERENCE
        | _crud("core.user", "view", "add", "change")
        | _crud("core.organization", "add", "change")
        | {"core.unlock_user"}
        # Asks for password resets; never sets a password (see core/accounts.py).
        | _crud("core.passwordreset", "view", "add")
    ),
    Role.SECURITY_ADMIN: frozenset(
        _REFERENCE | {"core.view_user", "core.assign_roles", "core.unlock_user"} | _RESET_APPROVAL
    ),
    Role.AUDIT_ADMIN: frozenset(
        _REFERENCE
        | {"core.view_user", "core.view_securityevent", "core.view_audit_trail"}
        | _EXPORTS  # a large export of the change history is made in the background
        # Only for the security administrators' own accounts (accounts.reset_approver_role).
        | _RESET_APPROVAL
    ),
    Role.OFFICE_STAFF: frozenset(
        _REFERENCE
        | _EXPORTS
        | _ENTERPRISE_READ
        | _crud("enterprises.enterprise", "add", "change", "delete")
        | _crud("core.organization", "add", "change")
        | _crud("imports.importbatch", "view", "add", "change")
        | {"core.view_personal_data", "enterprises.view_history"}
        | {"enterprises.export_credit_report"}
        | _PLAN_READ
        | _PLAN_WRITE
        | _REGISTRY_READ
        | _SAMPLING_WRITE
        | _EQUIPMENT_WRITE
        | _LICENSING_WRITE
        | _PENALTY_WRITE
        | _COMPLAINTS_WRITE
        | _INJURIES_WRITE
        | _CASES_WRITE
        | _RISK_WRITE
        | _MONITORING_WRITE
        | _WARN_WRITE
        | _SATMET_WRITE
        | _RECOGNITION_WRITE
        | _STANDARDS_WRITE
        | _INDICATOR_WRITE
        | _INFRA_WRITE
        | _CREDIT_READ
        | _CREDIT_WRITE
        | {"equipment.reveal_operator_id"}
    ),
    Role.DEPARTMENT_REPORTER: frozenset(
        _REFERENCE
        | _EXPORTS
        | _ENTERPRISE_READ
        | _PLAN_READ
        | _INDICATOR_READ
        | {"plans.add_progressreport", "indicators.add_reportedvalue"}
    ),
    Role.INSPECTOR: frozenset(
        _REFERENCE
        | _EXPORTS
        | _ENTERPRISE_READ
        | _PLAN_READ
        | _REGISTRY_READ
        | _SAMPLING_FIELD
        | _crud("equipment.periodicinspection", "add")
        | {"recognition.add_score"}
        # Inspectors buy the monitoring samples and record what the laboratory measured.
        | {"monitoring.add_purchase", "monitoring.add_result"}
        | _WARN_ASSESS
        | _CREDIT_READ
        | {"core.view_personal_data", "enterprises.view_history", "equipment.reveal_operator_id"}
        | {"enterprises.export_credit_report"}
    ),
    Role.VIEWER: frozenset(_REFERENCE | _EXPORTS | _ENTERPRISE_READ | _PLAN_READ | _REGISTRY_READ),
}


def permissions_for(roles) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= PERMISSIONS.get(role, frozenset())
    return frozenset(granted)
