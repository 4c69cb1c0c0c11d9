"""Thin hooks that put Django's login and logout into the security log."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.middleware import SessionRenewalMiddleware
from zhiliang.core.services import security_event_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:  # the login saves the session: its idle clock starts now
        session[SessionRenewalMiddleware.KEY] = int(time.time())
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)
    if user.must_change_password:
        security_event_record(
            kind=SecurityEventKind.PASSWORD_RESET_FIRST_LOGIN, request=request, user=user
        )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)
