"""API tokens: hashed, expiring when idle, refused for locked or inactive accounts, the owner's."""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from zhiliang.conftest import PASSWORD
from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import ApiToken, SecurityEvent, User

TOKENS = "/api/tokens/"


def _with_key(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_is_shown_once_and_stored_hashed(api):
    client = api("viewer")
    created = client.post(TOKENS, {"name": "报表脚本"}, format="json")
    assert created.status_code == 201
    key = created.json()["key"]
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert token.digest != key and key not in (token.digest, token.prefix)
    assert key.startswith(token.prefix)
    listed = client.get(TOKENS).json()["results"]
    assert {t["name"] for t in listed} == {"test", "报表脚本"}
    assert all("key" not in t for t in listed)
    assert _with_key(key).get("/api/regions/").status_code == 200


def test_a_token_expires_after_idle_days(api):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = api("viewer")
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert client.get("/api/regions/").status_code == 200  # use renews it
    with time_machine.travel(start + timedelta(days=58), tick=False):
        assert client.get("/api/regions/").status_code == 200
    with time_machine.travel(start + timedelta(days=89), tick=False):
        assert client.get("/api/regions/").status_code == 401
    assert not ApiToken.objects.filter(user=client.user).exists()


def test_the_idle_limit_is_a_setting(api, settings):
    settings.ZHILIANG_TOKEN_IDLE_DAYS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = api("viewer")
    with time_machine.travel(start + timedelta(days=3), tick=False):
        assert client.get("/api/regions/").status_code == 401


def test_a_token_is_refused_while_the_account_is_locked(api):
    client = api("viewer")
    User.objects.filter(pk=client.user.pk).update(
        locked_until=timezone.now() + timedelta(minutes=15)
    )
    assert client.get("/api/regions/").status_code == 401
    User.objects.filter(pk=client.user.pk).update(locked_until=None)
    assert client.get("/api/regions/").status_code == 200


def test_a_lockout_revokes_the_tokens(api):
    client = api("viewer")
    anonymous = APIClient()
    for _ in range(5):
        anonymous.post(
            reverse("api-token"),
            {"username": client.user.username, "password": "wrong"},
            format="json",
        )
    assert not ApiToken.objects.filter(user=client.user).exists()
    User.objects.filter(pk=client.user.pk).update(locked_until=None)
    assert client.get("/api/regions/").status_code == 401
    assert SecurityEvent.objects.filter(
        user=client.user, kind=SecurityEventKind.TOKEN_REVOKED, detail__reason="locked"
    ).exists()


def test_a_token_is_refused_for_an_inactive_account(api):
    client = api("viewer")
    User.objects.filter(pk=client.user.pk).update(is_active=False)
    assert client.get("/api/regions/").status_code == 401


def test_deactivation_in_the_admin_revokes_the_tokens(api, client, make_user):
    owner = api("viewer", "320412")
    client.force_login(make_user("system_admin", "3204"))
    user = owner.user
    data = {
        "username": user.username,
        "full_name": "",
        "phone": "",
        "email": "",
        "organization": user.organization_id,
    }  # is_active unticked
    assert client.post(f"/admin/core/user/{user.pk}/change/", data).status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_password_change_revokes_the_tokens(api, client):
    owner = api("viewer")
    client.force_login(owner.user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-2026-pass",
            "new_password2": "Another-2026-pass",
        },
    )
    assert response.status_code == 302
    assert owner.get("/api/regions/").status_code == 401


def test_owners_revoke_their_tokens_and_cannot_see_others(api):
    mine = api("viewer", "320412")
    theirs = api("viewer", "320412")
    their_token = ApiToken.objects.get(user=theirs.user)
    foreign = mine.delete(f"{TOKENS}{their_token.pk}/")
    missing = mine.delete(f"{TOKENS}999999/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert ApiToken.objects.filter(pk=their_token.pk).exists()
    assert [t["id"] for t in mine.get(TOKENS).json()["results"]] == [
        ApiToken.objects.get(user=mine.user).pk
    ]
    own = ApiToken.objects.get(user=mine.user)
    assert mine.delete(f"{TOKENS}{own.pk}/").status_code == 204
    assert mine.get("/api/regions/").status_code == 401


def test_the_account_page_creates_shows_once_and_revokes(client, make_user):
    user = make_user("viewer")
    client.force_login(user)
    page = client.post(reverse("api_tokens"), {"name": "夜间同步"})
    key = page.context["key"]
    assert key in page.content.decode()
    listing = client.get(reverse("api_tokens")).content.decode()
    assert "夜间同步" in listing and key not in listing
    assert _with_key(key).get("/api/regions/").status_code == 200
    token = ApiToken.objects.get(user=user)
    client.post(reverse("api_tokens"), {"revoke": token.pk})
    assert _with_key(key).get("/api/regions/").status_code == 401
    other = make_user("viewer")
    foreign = ApiToken.objects.create(user=other, prefix="x", digest="y" * 64)
    assert client.post(reverse("api_tokens"), {"revoke": foreign.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_revokes_the_old_plain_tokens():
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("zhiliang.core.migrations.0003_accounts_tokens_resets")
    with connection.schema_editor() as editor:
        editor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        editor.execute("INSERT INTO authtoken_token (key) VALUES ('plain-old-key')")
        migration.revoke_old_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()


def test_the_admins_own_password_change_leads_to_the_one_that_revokes_tokens(api, client):
    owner = api("office_staff")
    client.force_login(owner.user)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-2026-pass",
            "new_password2": "Another-2026-pass",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert User.objects.get(pk=owner.user.pk).check_password(PASSWORD)
    assert owner.get("/api/regions/").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["revoke", "deactivate", "lock", "role"])
def test_a_cached_token_counts_every_change_from_the_next_request(api, change):
    """The token look-up is cached between requests (core.freshness); a revoked token, an
    account deactivated or locked, or a role taken away, counts from the very next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api("viewer")
    assert client.get("/api/regions/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/regions/").status_code == 200
    assert not [q for q in queries.captured_queries if "core_apitoken" in q["sql"]]
    user = client.user
    if change == "revoke":
        ApiToken.objects.filter(user=user).delete()
    elif change == "deactivate":
        User.objects.filter(pk=user.pk).update(is_active=False)
    elif change == "lock":
        User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(hours=1))
    else:
        user.role_grants.all().delete()
    assert client.get("/api/regions/").status_code in (401, 403)
