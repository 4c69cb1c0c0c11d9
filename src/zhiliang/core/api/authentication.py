from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from zhiliang.core import freshness
from zhiliang.core.models import ApiToken, Organization, Region, RoleGrant, User

# Last use is written at most this often: enough for an idle limit counted in days.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_tables() -> list[str]:
    return [m._meta.db_table for m in (ApiToken, User, Organization, Region, RoleGrant)]


def _token(digest: str) -> ApiToken | None:
    # The jurisdiction (organisation → region) comes with the user; the password hash is
    # left behind, so it is never copied into the cache.
    return (
        ApiToken.objects.select_related("user__organization__region")
        .defer("user__password")
        .filter(digest=digest)
        .first()
    )


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, looked up by digest; refused once idle too long,
    or while the account is locked, inactive or must change its password."""

    model = ApiToken

    def authenticate_credentials(self, key):
        from zhiliang.core.accounts import token_digest

        refused = exceptions.AuthenticationFailed(_("Invalid or expired token."))
        digest = token_digest(key)
        # Asked on every API request: cached until a token, an account, an organisation, a
        # region or a role grant is written (core.freshness), so a revoked token, a locked
        # or deactivated account or a moved organisation counts from the next request.
        token = freshness.cached(f"api token {digest}", token_tables(), lambda: _token(digest))
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
