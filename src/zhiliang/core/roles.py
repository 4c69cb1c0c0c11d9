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

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        _REFERENCE
        | _crud("core.user", "view", "add", "change")
        | _crud("core.organization", "add", "change")
        | {"core.unlock_user"}
    ),
    Role.SECURITY_ADMIN: frozenset(
        _REFERENCE | {"core.view_user", "core.assign_roles", "core.unlock_user"}
    ),
    Role.AUDIT_ADMIN: frozenset(
        _REFERENCE | {"core.view_user", "core.view_securityevent", "core.view_audit_trail"}
    ),
    Role.OFFICE_STAFF: frozenset(
        _REFERENCE
        | _ENTERPRISE_READ
        | _crud("enterprises.enterprise", "add", "change", "delete")
        | _crud("core.organization", "add", "change")
        | _crud("imports.importbatch", "view", "add", "change")
        | {"core.view_personal_data", "enterprises.view_history"}
        | _PLAN_READ
        | _PLAN_WRITE
    ),
    Role.DEPARTMENT_REPORTER: frozenset(
        _REFERENCE | _ENTERPRISE_READ | _PLAN_READ | {"plans.add_progressreport"}
    ),
    Role.INSPECTOR: frozenset(
        _REFERENCE
        | _ENTERPRISE_READ
        | _PLAN_READ
        | {"core.view_personal_data", "enterprises.view_history"}
    ),
    Role.VIEWER: frozenset(_REFERENCE | _ENTERPRISE_READ | _PLAN_READ),
}


def permissions_for(roles) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= PERMISSIONS.get(role, frozenset())
    return frozenset(granted)
