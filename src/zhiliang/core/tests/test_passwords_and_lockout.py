from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhiliang.conftest import PASSWORD
from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import SecurityEvent, User
from zhiliang.core.models.security import AppendOnlyError


@pytest.mark.parametrize(
    "password",
    ["Short-1a", "alllowercaseletters", "lowercase123456", "ALLUPPER-----"],
)
def test_weak_passwords_are_rejected(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Quality-2026!", "zhiliang2026X", "质量强市-2026-ok"])
def test_strong_passwords_pass(password):
    validate_password(password)


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_for_fifteen_minutes(client, make_user):
    user = make_user("viewer")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            assert _login(client, user.username, "wrong").status_code == 200
        response = _login(client, user.username, "wrong")
        assert "locked" in response.content.decode().lower() or "锁定" in response.content.decode()
        # The right password is refused while locked.
        response = _login(client, user.username, PASSWORD)
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert "_auth_user_id" not in _login(client, user.username, PASSWORD).wsgi_request.session
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = _login(client, user.username, PASSWORD)
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    kinds = list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds.count(SecurityEventKind.LOGIN_FAILED) == 5
    assert SecurityEventKind.LOCKED in kinds
    assert SecurityEventKind.LOGIN_REFUSED_LOCKED in kinds
    assert SecurityEventKind.LOGIN in kinds


def test_success_resets_the_failure_count(client, make_user):
    user = make_user("viewer")
    for _ in range(4):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, user.username, "wrong")
    user.refresh_from_db()
    assert user.locked_until is None and user.failed_login_count == 4


def test_api_token_obeys_lockout(client, make_user):
    user = make_user("viewer")
    url = reverse("api-token")
    for _ in range(5):
        r = client.post(
            url, {"username": user.username, "password": "nope"}, content_type="application/json"
        )
    assert r.status_code == 400 and "message" in r.json()
    r = client.post(
        url, {"username": user.username, "password": PASSWORD}, content_type="application/json"
    )
    assert r.status_code == 400 and "token" not in r.json()
    assert User.objects.get(pk=user.pk).is_locked()


def test_unknown_username_is_logged_without_user(client, regions):
    _login(client, "nobody", "whatever")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_FAILED)
    assert event.username == "nobody" and event.user is None


def test_session_expires_after_30_idle_minutes(client, make_user):
    user = make_user("viewer")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _login(client, user.username, PASSWORD).status_code == 302
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get(reverse("home")).status_code == 200  # activity renews the session
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=81), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_logout_is_logged(client, make_user):
    user = make_user("viewer")
    _login(client, user.username, PASSWORD)
    client.post(reverse("logout"))
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.LOGOUT).exists()


def test_security_log_is_append_only(make_user):
    user = make_user("viewer")
    event = SecurityEvent.objects.filter(user=user).first()
    event.kind = SecurityEventKind.LOGIN
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().update(username="x")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()


def test_security_administrator_unlocks_through_the_admin(client, make_user):
    user = make_user("viewer", "320412")
    for _ in range(5):
        _login(client, user.username, "wrong")
    assert User.objects.get(pk=user.pk).is_locked()
    client.force_login(make_user("security_admin", "3204"))
    response = client.post(
        "/admin/core/user/", {"action": "unlock", "_selected_action": [user.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not User.objects.get(pk=user.pk).is_locked()
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.UNLOCKED).exists()


def _lock(client, user):
    for _ in range(5):
        _login(client, user.username, "wrong")
    assert User.objects.get(pk=user.pk).is_locked()


def test_a_locked_account_answers_like_a_missing_one(client, make_user):
    user = make_user("viewer")
    _lock(client, user)
    locked = _login(client, user.username, PASSWORD)
    missing = _login(client, "no-such-user", PASSWORD)
    assert locked.status_code == missing.status_code == 200
    assert locked.context["form"].non_field_errors() == missing.context["form"].non_field_errors()
    # The lock-out still happened and is logged.
    assert SecurityEvent.objects.filter(
        user=user, kind=SecurityEventKind.LOGIN_REFUSED_LOCKED
    ).exists()


def test_a_locked_account_answers_like_a_missing_one_in_the_api(client, make_user):
    user = make_user("viewer")
    _lock(client, user)
    url = reverse("api-token")
    answers = [
        client.post(url, {"username": name, "password": PASSWORD}, content_type="application/json")
        for name in (user.username, "no-such-user")
    ]
    assert answers[0].status_code == answers[1].status_code == 400
    assert answers[0].json() == answers[1].json()


def test_unknown_and_locked_names_cost_a_password_hash(client, make_user, monkeypatch):
    from django.contrib.auth import hashers

    user = make_user("viewer")
    _lock(client, user)
    calls = []
    hasher = type(hashers.get_hasher("default"))
    real = hasher.encode

    def counting(self, password, salt, *args, **kwargs):
        calls.append(password)
        return real(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    _login(client, user.username, "guess-1")
    _login(client, "no-such-user", "guess-2")
    assert calls == ["guess-1", "guess-2"]
