"""三员分立: administrators run the system but never see business data."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhiliang.conftest import PASSWORD
from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import SecurityEvent
from zhiliang.core.roles import ADMIN_ROLES, Role
from zhiliang.core.services import user_set_roles
from zhiliang.enterprises.models import Enterprise


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_admin_roles_see_no_business_data(role, make_user, make_enterprise, client):
    make_enterprise("320412")
    admin = make_user(role, "3204")
    assert Enterprise.objects.visible_to(admin).count() == 0
    assert not admin.has_perm("enterprises.view_enterprise")
    client.force_login(admin)
    assert client.get(reverse("enterprises:list")).status_code == 403
    assert client.get("/api/enterprises/").status_code == 403
    assert client.get("/admin/enterprises/enterprise/").status_code == 403


@pytest.mark.parametrize("admin_role", sorted(ADMIN_ROLES))
def test_admin_roles_cannot_be_combined(admin_role, make_user):
    security = make_user(Role.SECURITY_ADMIN, "3204")
    target = make_user(Role.VIEWER, "3204")
    with pytest.raises(ValidationError):
        user_set_roles(actor=security, user=target, roles=[admin_role, Role.OFFICE_STAFF])
    other = sorted(ADMIN_ROLES - {admin_role})[0]
    with pytest.raises(ValidationError):
        user_set_roles(actor=security, user=target, roles=[admin_role, other])


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES) + [Role.OFFICE_STAFF])
def test_nobody_grants_themselves_roles(role, make_user):
    user = make_user(role, "3204")
    with pytest.raises(PermissionDenied):
        user_set_roles(actor=user, user=user, roles=[Role.SECURITY_ADMIN])
    assert SecurityEvent.objects.filter(
        user=user, kind=SecurityEventKind.ROLE_CHANGE_REFUSED
    ).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.OFFICE_STAFF])
def test_only_the_security_administrator_assigns_roles(role, make_user):
    actor = make_user(role, "3204")
    target = make_user(Role.VIEWER, "3204")
    with pytest.raises(PermissionDenied):
        user_set_roles(actor=actor, user=target, roles=[Role.INSPECTOR])


def test_security_administrator_assigns_roles_in_jurisdiction_and_it_is_logged(make_user):
    security = make_user(Role.SECURITY_ADMIN, "320412")
    target = make_user(Role.VIEWER, "320412")
    user_set_roles(actor=security, user=target, roles=[Role.INSPECTOR])
    assert target.role_codes == {Role.INSPECTOR}
    event = SecurityEvent.objects.get(
        user=target, kind=SecurityEventKind.ROLES_CHANGED, actor=security
    )
    assert event.detail == {"before": ["viewer"], "after": ["inspector"]}
    outsider = make_user(Role.VIEWER, "320411")
    with pytest.raises(PermissionDenied):
        user_set_roles(actor=security, user=outsider, roles=[Role.INSPECTOR])


@pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDIT_ADMIN])
def test_only_the_audit_administrator_reads_the_security_log(role, make_user, client):
    user = make_user(role, "3204")
    assert SecurityEvent.objects.visible_to(user).count() == 0
    client.force_login(user)
    assert client.get("/admin/core/securityevent/").status_code in (302, 403)


def test_audit_administrator_reads_but_cannot_change_the_log(make_user, client):
    auditor = make_user(Role.AUDIT_ADMIN, "3204")
    client.post(reverse("login"), {"username": auditor.username, "password": PASSWORD})
    assert SecurityEvent.objects.visible_to(auditor).exists()
    response = client.get("/admin/core/securityevent/")
    assert response.status_code == 200
    event = SecurityEvent.objects.visible_to(auditor).first()
    assert (
        client.post(f"/admin/core/securityevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_a_role_change_records_the_staff_flag_in_the_actors_name(make_user):
    """Unrecorded, the flag's change later showed in the audit trail as made by the user
    at their next login."""
    security = make_user(Role.SECURITY_ADMIN, "3204")
    target = make_user(Role.VIEWER, "3204")
    before = target.history.count()
    user_set_roles(actor=security, user=target, roles=[Role.SYSTEM_ADMIN])
    target.refresh_from_db()
    latest = target.history.order_by("-history_id").first()
    assert target.is_staff and target.history.count() == before + 1
    assert latest.is_staff and latest.history_user == security
