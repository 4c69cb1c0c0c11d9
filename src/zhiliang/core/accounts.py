"""Credentials: API tokens, password changes and password resets under dual control.

A password reset (三员分立): the system administrator asks for it; another role
approves it (see `reset_approver_role`); only then is a random one-time password
set and shown once to the approver, who hands it over. The account must change it
at its next login; its sessions end (Django ties them to the password hash) and its
API tokens are revoked. Every step goes to the security log.
"""

import hashlib
import secrets
import string

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import ApiToken, PasswordReset, User
from zhiliang.core.roles import Role
from zhiliang.core.services import security_event_record

TOKEN_PREFIX_LENGTH = 8


def token_digest(key: str) -> str:
    # Keys are 256 random bits: a plain hash is enough, no slow password hash needed.
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str = "", request=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its key, which is never stored nor shown again."""
    if not user.is_active or user.is_locked() or user.must_change_password:
        raise PermissionDenied(_("This account cannot receive API tokens now."))
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=key[:TOKEN_PREFIX_LENGTH])
    token.digest = token_digest(key)
    token.full_clean(exclude=["digest"])
    token.save()
    security_event_record(
        kind=SecurityEventKind.TOKEN_ISSUED,
        request=request,
        user=user,
        detail={"token": token.prefix, "name": token.name},
    )
    return token, key


def auth_token_issue(*, request, username: str, password: str) -> str | None:
    """Token login for the API, under the same lock-out rules as the login page: the key."""
    user = authenticate(request, username=username, password=password)
    if user is None or user.must_change_password:
        return None
    _token, key = api_token_create(user=user, name=_("API login"), request=request)
    return key


def api_token_revoke(*, actor: User, token_id, request=None) -> None:
    """Revoke one of the actor's own tokens; another's is answered as missing."""
    token = ApiToken.objects.filter(user=actor, pk=token_id).first()
    if token is None:
        raise ApiToken.DoesNotExist
    token.delete()
    security_event_record(
        kind=SecurityEventKind.TOKEN_REVOKED,
        request=request,
        user=actor,
        actor=actor,
        detail={"token": token.prefix, "reason": "owner"},
    )


def api_tokens_revoke_all(*, user: User, reason: str, actor=None, request=None) -> int:
    """Revoke every token of `user` (lock-out, deactivation, password change or reset)."""
    prefixes = list(ApiToken.objects.filter(user=user).values_list("prefix", flat=True))
    if not prefixes:
        return 0
    ApiToken.objects.filter(user=user).delete()
    security_event_record(
        kind=SecurityEventKind.TOKEN_REVOKED,
        request=request,
        user=user,
        actor=actor,
        detail={"tokens": prefixes, "reason": reason},
    )
    return len(prefixes)


def user_password_change(*, user: User, password: str, request=None) -> None:
    """The account's own change (its old password checked by the form); ends a forced change."""
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    forced = user.must_change_password
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        api_tokens_revoke_all(user=user, reason="password_changed", actor=user, request=request)
        security_event_record(
            kind=SecurityEventKind.PASSWORD_CHANGED,
            request=request,
            user=user,
            actor=user,
            detail={"after_reset": forced},
        )


def reset_approver_role(user: User) -> str:
    """Who approves a reset of `user`: the security administrator, except for a security
    administrator's own account, which the audit administrator approves (so that no
    security administrator can take over a colleague's account)."""
    if Role.SECURITY_ADMIN in user.role_codes:
        return Role.AUDIT_ADMIN
    return Role.SECURITY_ADMIN


def _in_jurisdiction(actor: User, user: User) -> bool:
    return User.objects.visible_to(actor).filter(pk=user.pk).exists()


def password_reset_request(*, actor: User, user: User, request=None) -> PasswordReset:
    """The system administrator asks for a reset; nothing changes until it is approved."""
    if not actor.has_perm("core.add_passwordreset") or not _in_jurisdiction(actor, user):
        raise PermissionDenied(_("You may not ask for a reset of this account's password."))
    if actor.pk == user.pk:
        raise PermissionDenied(_("Change your own password on your account page."))
    try:
        with transaction.atomic():
            reset = PasswordReset.objects.create(user=user, requested_by=actor)
    except IntegrityError:
        raise ValidationError(
            _("A reset of this account's password is already awaiting approval.")
        ) from None
    security_event_record(
        kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
        request=request,
        user=user,
        actor=actor,
        detail={"reset": reset.pk, "approver": reset_approver_role(user)},
    )
    return reset


def _check_decider(actor: User, reset: PasswordReset) -> None:
    if reset.status != PasswordReset.Status.PENDING:
        raise ValidationError(_("This reset has already been decided."))
    allowed = (
        actor.has_perm("core.approve_passwordreset")
        and reset_approver_role(reset.user) in actor.role_codes
        and _in_jurisdiction(actor, reset.user)
    )
    if not allowed:
        raise PermissionDenied(_("Another administrator role approves this reset."))
    if actor.pk in (reset.requested_by_id, reset.user_id):
        raise PermissionDenied(_("A reset is approved by someone other than its requester."))


def one_time_password() -> str:
    """16 random characters with every character class the password rules ask for."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(14))
        classes = (str.islower, str.isupper, str.isdigit)
        if all(any(test(c) for c in body) for test in classes):
            return f"{body[:7]}-{body[7:]}!"


def password_reset_approve(*, actor: User, reset: PasswordReset, request=None) -> str:
    """Approve a pending reset: returns the one-time password, to be shown once and handed over."""
    _check_decider(actor, reset)
    password = one_time_password()
    user = reset.user
    now = timezone.now()
    with transaction.atomic():
        updated = PasswordReset.objects.filter(
            pk=reset.pk, status=PasswordReset.Status.PENDING
        ).update(status=PasswordReset.Status.APPROVED, decided_by=actor, decided_at=now)
        if not updated:
            raise ValidationError(_("This reset has already been decided."))
        # A new password hash ends every session of the account (session auth hash).
        user.set_password(password)
        user.must_change_password = True
        # A forgotten password has often locked the account: the reset opens it again.
        user.locked_until, user.failed_login_count = None, 0
        user.save(
            update_fields=["password", "must_change_password", "locked_until", "failed_login_count"]
        )
        api_tokens_revoke_all(user=user, reason="password_reset", actor=actor, request=request)
        security_event_record(
            kind=SecurityEventKind.PASSWORD_RESET_APPROVED,
            request=request,
            user=user,
            actor=actor,
            detail={"reset": reset.pk, "requested_by": reset.requested_by.username},
        )
    reset.refresh_from_db()
    return password


def password_reset_refuse(*, actor: User, reset: PasswordReset, request=None) -> None:
    _check_decider(actor, reset)
    PasswordReset.objects.filter(pk=reset.pk, status=PasswordReset.Status.PENDING).update(
        status=PasswordReset.Status.REFUSED, decided_by=actor, decided_at=timezone.now()
    )
    security_event_record(
        kind=SecurityEventKind.PASSWORD_RESET_REFUSED,
        request=request,
        user=reset.user,
        actor=actor,
        detail={"reset": reset.pk},
    )
    reset.refresh_from_db()
