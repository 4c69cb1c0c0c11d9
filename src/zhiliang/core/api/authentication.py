from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from zhiliang.core.models import ApiToken

# Last use is written at most this often: enough for an idle limit counted in days.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, looked up by digest; refused once idle too long,
    or while the account is locked, inactive or must change its password."""

    model = ApiToken

    def authenticate_credentials(self, key):
        from zhiliang.core.accounts import token_digest

        refused = exceptions.AuthenticationFailed(_("Invalid or expired token."))
        # The jurisdiction (organisation → region) comes with the user: two queries fewer
        # on every request, nothing that could be stale (the same rows, read now).
        token = (
            ApiToken.objects.select_related("user__organization__region")
            .filter(digest=token_digest(key))
            .first()
        )
        if token is None:
            raise refused
        now = timezone.now()
        user = token.user
        if token.is_expired(now):
            token.delete()
            raise refused
        if not user.is_active or user.is_locked(now) or user.must_change_password:
            raise refused
        if now - token.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return user, token
