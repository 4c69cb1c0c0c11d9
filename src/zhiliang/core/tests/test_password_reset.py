"""Password resets under 三员分立: asked for by the system administrator, approved by another
role, a one-time password that must be changed, old sessions and tokens refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from zhiliang.conftest import PASSWORD
from zhiliang.core import accounts
from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import ApiToken, PasswordReset, SecurityEvent, User

CHOSEN = "Chosen-by-admin-2026"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def admins(make_user):
    return {
        "system": make_user("system_admin", "3204"),
        "security": make_user("security_admin", "3204"),
        "audit": make_user("audit_admin", "3204"),
    }


def test_the_system_administrator_cannot_set_a_business_users_password(client, make_user, admins):
    target = make_user("office_staff", "320412")
    client.force_login(admins["system"])
    url = f"/admin/core/user/{target.pk}/password/"
    page = client.get(url).content.decode()
    assert 'name="password1"' not in page and 'type="password"' not in page
    client.post(url, {"password1": CHOSEN, "password2": CHOSEN})
    target = User.objects.get(pk=target.pk)
    assert not target.check_password(CHOSEN) and target.check_password(PASSWORD)
    assert target.password_resets.get().status == PasswordReset.Status.PENDING


def test_the_add_form_takes_no_password(client, make_user, admins):
    client.force_login(admins["system"])
    page = client.get("/admin/core/user/add/").content.decode()
    assert 'type="password"' not in page
    org = make_user("viewer", "320412").organization
    client.post("/admin/core/user/add/", {"username": "newcomer", "organization": org.pk})
    assert not User.objects.get(username="newcomer").has_usable_password()


def test_a_reset_without_approval_changes_nothing(api, client, admins):
    owner = api("inspector", "320412")
    accounts.password_reset_request(actor=admins["system"], user=owner.user)
    assert _login(client, owner.user.username, PASSWORD).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert owner.get("/api/regions/").status_code == 200
    assert not User.objects.get(pk=owner.user.pk).must_change_password


def test_the_requester_cannot_approve_and_the_approver_role_is_fixed(make_user, admins):
    target = make_user("viewer", "320412")
    reset = accounts.password_reset_request(actor=admins["system"], user=target)
    for actor in (admins["system"], admins["audit"]):
        with pytest.raises(PermissionDenied):
            accounts.password_reset_approve(actor=actor, reset=reset)
    # A security administrator's own account is approved by the audit administrator.
    other_security = make_user("security_admin", "3204")
    reset = accounts.password_reset_request(actor=admins["system"], user=other_security)
    with pytest.raises(PermissionDenied):
        accounts.password_reset_approve(actor=admins["security"], reset=reset)
    assert accounts.password_reset_approve(actor=admins["audit"], reset=reset)


def test_a_refused_reset_is_logged_and_changes_nothing(make_user, admins):
    target = make_user("viewer", "320412")
    reset = accounts.password_reset_request(actor=admins["system"], user=target)
    accounts.password_reset_refuse(actor=admins["security"], reset=reset)
    assert User.objects.get(pk=target.pk).check_password(PASSWORD)
    kinds = set(SecurityEvent.objects.filter(user=target).values_list("kind", flat=True))
    assert {
        SecurityEventKind.PASSWORD_RESET_REQUESTED,
        SecurityEventKind.PASSWORD_RESET_REFUSED,
    } <= kinds


def test_an_approved_reset_ends_sessions_and_tokens_and_forces_a_change(api, admins):
    owner = api("office_staff", "320412")
    user = owner.user
    old_session = Client()
    assert _login(old_session, user.username, PASSWORD).status_code == 302
    reset = accounts.password_reset_request(actor=admins["system"], user=user)
    one_time = accounts.password_reset_approve(actor=admins["security"], reset=reset)

    # Old session and old token are refused.
    assert old_session.get(reverse("home")).status_code == 302
    assert owner.get("/api/regions/").status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()

    # Only the password change page opens until the password is changed.
    fresh = Client()
    assert _login(fresh, user.username, one_time).status_code == 302
    blocked = fresh.get("/enterprises/")
    assert blocked.status_code == 302 and blocked["Location"] == reverse("password_change")
    assert fresh.get("/api/enterprises/").status_code == 403
    tokens = Client().post(reverse("api-token"), {"username": user.username, "password": one_time})
    assert tokens.status_code == 400
    page = fresh.get(reverse("password_change"))
    assert page.status_code == 200
    notice = page.context["reset"]
    assert notice.requested_by == admins["system"] and notice.decided_by == admins["security"]
    assert 'id="reset-notice"' in page.content.decode()

    changed = fresh.post(
        reverse("password_change"),
        {
            "old_password": one_time,
            "new_password1": "Mine-2026-new",
            "new_password2": "Mine-2026-new",
        },
    )
    assert changed.status_code == 302
    assert fresh.get("/enterprises/").status_code == 200
    kinds = list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    for kind in (
        SecurityEventKind.PASSWORD_RESET_REQUESTED,
        SecurityEventKind.PASSWORD_RESET_APPROVED,
        SecurityEventKind.PASSWORD_RESET_FIRST_LOGIN,
        SecurityEventKind.PASSWORD_CHANGED,
    ):
        assert kind in kinds


def test_the_approver_sees_the_one_time_password_once_in_the_admin(client, make_user, admins):
    target = make_user("viewer", "320412")
    reset = accounts.password_reset_request(actor=admins["system"], user=target)
    client.force_login(admins["security"])
    listing = client.get("/admin/core/passwordreset/")
    assert target.username in listing.content.decode()
    shown = client.post(
        "/admin/core/passwordreset/", {"action": "approve", "_selected_action": [reset.pk]}
    )
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    ((user, password),) = shown.context["done"]
    assert user == target and password in shown.content.decode()
    assert User.objects.get(pk=target.pk).check_password(password)
    again = client.post(
        "/admin/core/passwordreset/",
        {"action": "approve", "_selected_action": [reset.pk]},
        follow=True,
    )
    assert password not in again.content.decode()


def test_resets_outside_the_jurisdiction_are_missing(client, make_user):
    other = make_user("viewer", "320411")
    system = make_user("system_admin", "320412")
    client.force_login(system)
    response = client.post(f"/admin/core/user/{other.pk}/password/")
    missing = client.post("/admin/core/user/999999/password/")
    assert response.status_code == missing.status_code == 404
    assert not PasswordReset.objects.exists()
    with pytest.raises(PermissionDenied):
        accounts.password_reset_request(actor=system, user=other)


def test_a_reset_opens_a_locked_account(client, make_user, admins):
    target = make_user("viewer", "320412")
    for _ in range(5):
        _login(client, target.username, "forgotten")
    assert User.objects.get(pk=target.pk).is_locked()
    accounts.password_reset_request(actor=admins["system"], user=target)
    reset = PasswordReset.objects.get(user=target)  # as the approver's page loads it
    one_time = accounts.password_reset_approve(actor=admins["security"], reset=reset)
    assert _login(client, target.username, one_time).status_code == 302
