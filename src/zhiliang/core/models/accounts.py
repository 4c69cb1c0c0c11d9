"""API tokens and password resets: the credentials an account holds besides its password."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.querysets import ReferenceQuerySet


class ApiToken(models.Model):
    """An API token; only its SHA-256 digest is kept, the key is shown once at creation.

    It expires after `ZHILIANG_TOKEN_IDLE_DAYS` without use; revoking deletes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=64, blank=True)
    prefix = models.CharField(_("beginning"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_used = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.prefix}…"

    @property
    def expires(self):
        return self.last_used + timedelta(days=settings.ZHILIANG_TOKEN_IDLE_DAYS)

    def is_expired(self, now=None) -> bool:
        return self.expires <= (now or timezone.now())


class PasswordResetQuerySet(ReferenceQuerySet):
    """Resets of the accounts a user may see, scoped like the accounts themselves."""

    region_field = "user__organization__region"


class PasswordReset(models.Model):
    """A reset asked for by the system administrator, done only once another role approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="password_resets",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = PasswordResetQuerySet.as_manager()

    class Meta:
        verbose_name = _("password reset")
        verbose_name_plural = _("password resets")
        ordering = ["-requested_at", "-id"]
        permissions = [("approve_passwordreset", _("Can approve password resets"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="passwordreset_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"
