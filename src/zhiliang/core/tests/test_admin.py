"""The back-office user pages under 三员分立."""

from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import SecurityEvent, User


def _change_url(user):
    return f"/admin/core/user/{user.pk}/change/"


def _form(user, **over):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "phone": "",
        "email": "",
        "organization": user.organization_id,
        "is_active": "on",
    }
    data.update(over)
    return data


def test_system_administrator_edits_accounts_but_not_roles(client, make_user):
    target = make_user("viewer", "320412")
    client.force_login(make_user("system_admin", "3204"))
    page = client.get(_change_url(target))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="roles"' not in html and 'name="password"' not in html  # hash never editable
    client.post(_change_url(target), _form(target, full_name="张三", roles=["security_admin"]))
    target = User.objects.get(pk=target.pk)
    assert target.full_name == "张三" and target.role_codes == {"viewer"}


def test_security_administrator_grants_roles_and_nothing_else(client, make_user):
    target = make_user("viewer", "320412")
    security = make_user("security_admin", "3204")
    client.force_login(security)
    assert 'name="roles"' in client.get(_change_url(target)).content.decode()
    response = client.post(_change_url(target), {"roles": ["inspector"], "full_name": "改名"})
    assert response.status_code == 302
    target = User.objects.get(pk=target.pk)
    assert target.role_codes == {"inspector"} and target.full_name != "改名"
    assert SecurityEvent.objects.filter(
        user=target, actor=security, kind=SecurityEventKind.ROLES_CHANGED
    ).exists()
    assert client.get(f"/admin/core/user/{target.pk}/password/").status_code == 403
    assert "password/" not in client.get(_change_url(target)).content.decode()


def test_security_administrator_cannot_grant_own_roles_in_the_admin(client, make_user):
    security = make_user("security_admin", "3204")
    client.force_login(security)
    assert 'name="roles"' not in client.get(_change_url(security)).content.decode()


def test_accounts_of_other_districts_are_not_found(client, make_user):
    other = make_user("viewer", "320411")
    client.force_login(make_user("system_admin", "320412"))
    assert client.get(_change_url(other)).status_code == 404  # exactly as a missing account
    listing = client.get("/admin/core/user/").content.decode()
    assert other.username not in listing


def test_client_address_behind_a_trusted_proxy(client, make_user, settings):
    settings.ZHILIANG_TRUSTED_PROXIES = ["127.0.0.1"]
    user = make_user("viewer", "320412")
    client.post(
        "/login/",
        {"username": user.username, "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.1.2.3, 127.0.0.1",
    )
    client.post(
        "/login/",
        {"username": user.username, "password": "wrong"},
        REMOTE_ADDR="192.0.2.9",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    ips = list(
        SecurityEvent.objects.filter(user=user, kind="login_failed")
        .order_by("id")
        .values_list("ip", flat=True)
    )
    assert ips == ["10.1.2.3", "192.0.2.9"]  # an untrusted sender cannot forge its address


def test_behind_the_unix_socket_only_nginx_names_the_address(client, make_user, settings):
    # As deployed (docs/deploy.md): gunicorn on a unix socket that only nginx's group may open,
    # ZHILIANG_TRUSTED_PROXIES=unix. A program on the server reaching 127.0.0.1 is not believed.
    settings.ZHILIANG_TRUSTED_PROXIES = ["unix"]
    user = make_user("viewer", "320412")
    for remote, forwarded in (("", "10.1.2.3"), ("127.0.0.1", "10.6.6.6")):
        client.post(
            "/login/",
            {"username": user.username, "password": "wrong"},
            REMOTE_ADDR=remote,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    ips = list(
        SecurityEvent.objects.filter(user=user, kind="login_failed")
        .order_by("id")
        .values_list("ip", flat=True)
    )
    assert ips == ["10.1.2.3", "127.0.0.1"]
