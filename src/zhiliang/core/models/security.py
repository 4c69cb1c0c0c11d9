from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.choices import SecurityEventKind


class AppendOnlyError(Exception):
    pass


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the security log is append-only")

    def delete(self):
        raise AppendOnlyError("the security log is append-only")

    def visible_to(self, user):
        from zhiliang.core.roles import Role

        if not (user and user.is_authenticated and Role.AUDIT_ADMIN in user.role_codes):
            return self.none()
        region = user.jurisdiction
        if region is None:
            return self.none()
        from zhiliang.core.models import Region

        subtree = Region.objects.subtree(region.code)
        # Events about accounts outside any organisation (unknown usernames) stay visible
        # to every audit administrator: they are attacks on the system, not on a region.
        return self.filter(
            models.Q(user__organization__region__in=subtree) | models.Q(user__isnull=True)
        )


class SecurityEvent(models.Model):
    """Append-only log of logins, failures, lock-outs, logouts and role changes."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=SecurityEventKind.choices)
    username = models.CharField(_("username"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        # Integrity guard, not business logic: rows are written once.
        if self.pk is not None:
            raise AppendOnlyError("the security log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the security log is append-only")
