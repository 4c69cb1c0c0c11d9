"""Thin hooks that put Django's login and logout into the security log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.services import security_event_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)
    if user.must_change_password:
        security_event_record(
            kind=SecurityEventKind.PASSWORD_RESET_FIRST_LOGIN, request=request, user=user
        )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)
