from zhiliang.core.models.accounts import ApiToken, PasswordReset
from zhiliang.core.models.changes import TableChange
from zhiliang.core.models.exports import ExportFile, ExportStatus
from zhiliang.core.models.organizations import Organization
from zhiliang.core.models.regions import Region
from zhiliang.core.models.security import SecurityEvent
from zhiliang.core.models.users import RoleGrant, User

__all__ = [
    "ApiToken",
    "ExportFile",
    "ExportStatus",
    "Organization",
    "PasswordReset",
    "Region",
    "RoleGrant",
    "SecurityEvent",
    "TableChange",
    "User",
]
