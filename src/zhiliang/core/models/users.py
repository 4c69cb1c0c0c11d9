from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.history import TrackedHistory
from zhiliang.core.querysets import ReferenceQuerySet
from zhiliang.core.roles import ADMIN_ROLES, Role, permissions_for


class UserQuerySet(ReferenceQuerySet):
    region_field = "organization__region"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """An account; it belongs to one organisation, whose region is its jurisdiction."""

    full_name = models.CharField(_("full name"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    failed_login_count = models.PositiveSmallIntegerField(_("failed logins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set by a password reset: only the password change page opens until done."),
    )
    history = TrackedHistory(
        excluded_fields=["password", "last_login", "failed_login_count", "locked_until"]
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("assign_roles", _("Can assign roles")),
            ("unlock_user", _("Can unlock accounts")),
            ("view_personal_data", _("Can see unmasked personal data")),
            ("view_audit_trail", _("Can read the change history of all records")),
        ]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        from zhiliang.core import freshness

        # Asked on every request; cached until any role grant changes (core.freshness).
        return freshness.cached(
            f"role_codes {self.pk}",
            [RoleGrant._meta.db_table],
            lambda: frozenset(self.role_grants.values_list("role", flat=True)),
        )

    @cached_property
    def granted_permissions(self) -> frozenset[str]:
        return permissions_for(self.role_codes)

    @property
    def reads_business_data(self) -> bool:
        return bool(self.role_codes) and not (self.role_codes & ADMIN_ROLES)

    @cached_property
    def jurisdiction(self):
        return self.organization.region if self.organization_id else None

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))

    def has_perm(self, perm, obj=None):
        # No superuser short-cut: every right comes from a role (三员分立).
        return self.is_active and perm in self.granted_permissions

    def has_perms(self, perm_list, obj=None):
        return all(self.has_perm(p, obj) for p in perm_list)

    def has_module_perms(self, app_label):
        return self.is_active and any(
            p.startswith(app_label + ".") for p in self.granted_permissions
        )

    def get_all_permissions(self, obj=None):
        return set(self.granted_permissions) if self.is_active else set()


class RoleGrant(models.Model):
    """One role held by one user; changed only through `user_set_roles`."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"
