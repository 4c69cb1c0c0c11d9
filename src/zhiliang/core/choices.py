from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("province")
    CITY = 2, _("prefecture")
    COUNTY = 3, _("county")
    TOWNSHIP = 4, _("township")


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("government")
    DEPARTMENT = "department", _("department")
    OFFICE = "office", _("quality office")
    INSPECTION_BODY = "inspection_body", _("inspection body")
    ASSOCIATION = "association", _("association")


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGIN_REFUSED_LOCKED = "login_refused_locked", _("login refused: account locked")
    LOCKED = "locked", _("account locked")
    UNLOCKED = "unlocked", _("account unlocked")
    LOGOUT = "logout", _("logout")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    ROLES_CHANGED = "roles_changed", _("roles changed")
    ROLE_CHANGE_REFUSED = "role_change_refused", _("role change refused")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("password reset requested")
    PASSWORD_RESET_APPROVED = "password_reset_approved", _("password reset approved")
    PASSWORD_RESET_REFUSED = "password_reset_refused", _("password reset refused")
    PASSWORD_RESET_FIRST_LOGIN = "password_reset_first_login", _("first login after a reset")
    USER_CREATED = "user_created", _("user created")
    OPERATOR_ID_REVEALED = "operator_id_revealed", _("operator ID number revealed")
