"""Writes and business actions of the core app: accounts, roles, the security log."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.guards import require_in_jurisdiction, require_referable
from zhiliang.core.models import Organization, RoleGrant, SecurityEvent, User
from zhiliang.core.policy import LOGIN_LOCK_DURATION, LOGIN_MAX_FAILURES
from zhiliang.core.roles import ADMIN_ROLES, STAFF_ROLES, Role


def client_ip(request) -> str | None:
    """The client's address; behind a trusted reverse proxy, the one the proxy saw.

    `unix` in ZHILIANG_TRUSTED_PROXIES trusts connections over gunicorn's unix socket (they
    arrive with an empty REMOTE_ADDR). That socket is open to nginx's group only, so no other
    program on the server can name an address; 127.0.0.1 is open to every local program.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.ZHILIANG_TRUSTED_PROXIES
    if (remote or "unix") in proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The right-most address not of our own proxies is the one that reached them.
        for address in reversed([a.strip() for a in forwarded.split(",") if a.strip()]):
            if address not in proxies:
                return address
    return remote or None


def _client(request) -> dict:
    if request is None:
        return {}
    return {
        "ip": client_ip(request),
        "user_agent": (request.META.get("HTTP_USER_AGENT") or "")[:255],
    }


def security_event_record(
    *, kind: str, request=None, user=None, username: str = "", actor=None, detail=None
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.username if user else ""),
        actor=actor,
        detail=detail or {},
        **_client(request),
    )


def login_refused_message() -> str:
    """The one answer to every refused login: wrong password, unknown name, locked account.

    A locked account must not be told apart from a name that does not exist.
    """
    return _(
        "Wrong username or password. %(n)d wrong passwords in a row lock an account "
        "for %(m)d minutes."
    ) % {"n": LOGIN_MAX_FAILURES, "m": LOGIN_LOCK_DURATION.total_seconds() // 60}


def auth_attempt(*, request, username: str, password: str) -> User | None:
    """Check a password, counting failures and locking; None for every refusal.

    The password is hashed whatever the case (unknown name, locked or inactive
    account), so that neither the answer nor its timing tells them apart.
    """
    from zhiliang.core import accounts

    user = User.objects.filter(username=username).first()
    now = timezone.now()
    if user is None:
        make_password(password)
        security_event_record(
            kind=SecurityEventKind.LOGIN_FAILED, request=request, username=username
        )
        return None
    password_ok = user.check_password(password)
    if user.is_locked(now):
        security_event_record(
            kind=SecurityEventKind.LOGIN_REFUSED_LOCKED, request=request, user=user
        )
        return None
    if user.is_active and password_ok:
        if user.failed_login_count:
            User.objects.filter(pk=user.pk).update(failed_login_count=0)
            user.failed_login_count = 0
        return user
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED, request=request, user=user, username=username
    )
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count"])
        if user.failed_login_count < LOGIN_MAX_FAILURES:
            return None
        until = now + LOGIN_LOCK_DURATION
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_login_count=0)
        security_event_record(
            kind=SecurityEventKind.LOCKED,
            request=request,
            user=user,
            detail={"until": until.isoformat(), "failures": LOGIN_MAX_FAILURES},
        )
        accounts.api_tokens_revoke_all(user=user, reason="locked", request=request)
    return None


def user_unlock(*, actor: User, user: User, request=None) -> None:
    if not actor.has_perm("core.unlock_user"):
        raise PermissionDenied
    User.objects.filter(pk=user.pk).update(locked_until=None, failed_login_count=0)
    security_event_record(kind=SecurityEventKind.UNLOCKED, request=request, user=user, actor=actor)


def _check_role_set(roles: set[str]) -> None:
    unknown = roles - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown roles: %(r)s") % {"r": ", ".join(sorted(unknown))})
    admin = roles & ADMIN_ROLES
    if admin and len(roles) > 1:
        raise ValidationError(
            _(
                "An administrator role (system, security, audit) cannot be combined "
                "with any other role."
            )
        )


def user_set_roles(*, actor: User | None, user: User, roles, request=None) -> None:
    """Replace a user's roles. `actor=None` only for set-up commands run on the server."""
    roles = {str(r) for r in roles}
    old = set(user.role_grants.values_list("role", flat=True))
    try:
        if actor is not None:
            if not actor.has_perm("core.assign_roles"):
                raise PermissionDenied(_("Only the security administrator assigns roles."))
            if actor.pk == user.pk:
                raise PermissionDenied(_("Nobody may change their own roles."))
            if not User.objects.visible_to(actor).filter(pk=user.pk).exists():
                raise PermissionDenied(_("This account lies outside your jurisdiction."))
        _check_role_set(roles)
    except (PermissionDenied, ValidationError) as exc:
        security_event_record(
            kind=SecurityEventKind.ROLE_CHANGE_REFUSED,
            request=request,
            user=user,
            actor=actor,
            detail={"requested": sorted(roles), "reason": str(exc)},
        )
        raise
    with transaction.atomic():
        user.role_grants.exclude(role__in=roles).delete()
        RoleGrant.objects.bulk_create(
            [RoleGrant(user=user, role=r, granted_by=actor) for r in roles - old]
        )
        staff = bool(roles & STAFF_ROLES)
        if user.is_staff != staff:
            # Saved with history, in the actor's name: an unrecorded update surfaced later in
            # the audit trail as a change made by the user at their next login.
            user.is_staff = staff
            user._history_user = actor
            user.save(update_fields=["is_staff"])
        security_event_record(
            kind=SecurityEventKind.ROLES_CHANGED,
            request=request,
            user=user,
            actor=actor,
            detail={"before": sorted(old), "after": sorted(roles)},
        )
    user.__dict__.pop("role_codes", None)
    user.__dict__.pop("granted_permissions", None)


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    organization: Organization,
    full_name: str = "",
    roles=(),
    must_change_password: bool = False,
    request=None,
) -> User:
    from django.contrib.auth.password_validation import validate_password

    if actor is not None:
        if not actor.has_perm("core.add_user"):
            raise PermissionDenied
        if not Organization.objects.visible_to(actor).filter(pk=organization.pk).exists():
            raise PermissionDenied(_("This organisation lies outside your jurisdiction."))
    user = User(
        username=username,
        full_name=full_name,
        organization=organization,
        must_change_password=must_change_password,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
        security_event_record(
            kind=SecurityEventKind.USER_CREATED, request=request, user=user, actor=actor
        )
        if roles:
            user_set_roles(actor=None, user=user, roles=roles, request=request)
    return user


def organization_create(*, actor: User, data: dict) -> Organization:
    if not actor.has_perm("core.add_organization"):
        raise PermissionDenied
    require_in_jurisdiction(actor, data["region"])
    require_referable(actor, data.get("parent"), "parent")
    organization = Organization(**data)
    organization.full_clean()
    organization._history_user = actor
    organization.save()
    return organization


def organization_update(*, actor: User, organization: Organization, data: dict) -> Organization:
    if not actor.has_perm("core.change_organization"):
        raise PermissionDenied
    if not Organization.objects.visible_to(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if "region" in data:
        require_in_jurisdiction(actor, data["region"])
    require_referable(actor, data.get("parent"), "parent")
    for field, value in data.items():
        setattr(organization, field, value)
    organization.full_clean()
    organization._history_user = actor
    organization.save()
    return organization
