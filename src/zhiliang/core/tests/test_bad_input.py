"""Bad input is a 400 (or 409/413) with a JSON message, never a server error."""

import json

import pytest

from zhiliang.core.models import User

TOO_BIG = str(2**63)  # one past the largest id a 64-bit column holds


def _refused(response, status=400):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]
    return response.json()["message"]


@pytest.mark.parametrize("code", ["%", "%s", "32%", "x", "3204a"])
def test_region_filter_refuses_what_is_not_a_code(api, code):
    client = api("office_staff", "320412")
    _refused(client.get("/api/organizations/", {"region": code}))
    _refused(client.get("/api/enterprises/", {"region": code}))


def test_region_filter_still_takes_codes(api):
    client = api("office_staff", "320412")
    assert client.get("/api/organizations/", {"region": "320412"}).status_code == 200
    _refused(client.get("/api/organizations/", {"region": "320499"}))  # no such region


@pytest.mark.parametrize("within", ["x", "%", "3204x"])
def test_regions_within_refuses_what_is_not_a_code(api, within):
    _refused(api("office_staff", "320412").get("/api/regions/", {"within": within}))


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/samples/", "enterprise"),
        ("/api/samples/", "plan"),
        ("/api/tasks/", "plan"),
        ("/api/equipment-units/", "enterprise"),
        ("/api/certificates/", "enterprise"),
        ("/api/assessment-item-scores/", "result"),
    ],
)
@pytest.mark.parametrize("value", [TOO_BIG, "-1", "0", "1.5", "99999999999999999999999"])
def test_id_filters_refuse_what_no_column_holds(api, path, param, value):
    _refused(api("office_staff", "320412").get(path, {param: value}))


def test_id_filters_take_ids(api):
    client = api("office_staff", "320412")
    response = client.get("/api/samples/", {"enterprise": str(2**63 - 1)})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_number_filters_refuse_numbers_beyond_64_bits(api):
    _refused(api("office_staff", "320412").get("/api/regions/", {"level": TOO_BIG}))


def _post(client, path, body: str):
    return client.generic("POST", path, body, content_type="application/json")


def test_json_nested_too_deep_is_refused(api):
    client = api("office_staff", "320412")
    deep = "[" * 50_000 + "]" * 50_000
    _refused(_post(client, "/api/enterprises/", deep))
    nested = json.dumps(
        {
            "name": "x",
            "parent": None,
            "extra": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
        }
    )  # noqa: E501
    message = _refused(_post(client, "/api/enterprises/", nested))
    assert "32" in message


def test_json_list_too_long_is_refused(api, settings):
    client = api("office_staff", "320412")
    body = json.dumps({"name": "x", "tags": list(range(settings.API_MAX_LIST_ITEMS + 1))})
    message = _refused(_post(client, "/api/enterprises/", body))
    assert str(settings.API_MAX_LIST_ITEMS) in message


def test_json_body_too_large_is_refused(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = api("office_staff", "320412")
    _refused(_post(client, "/api/enterprises/", json.dumps({"name": "x" * 2000})), 413)


def test_refused_role_grant_is_a_400_with_its_reason(client, make_user):
    target = make_user("viewer", "320412")
    client.force_login(make_user("security_admin", "3204"))
    response = client.post(
        f"/admin/core/user/{target.pk}/change/", {"roles": ["system_admin", "viewer"]}
    )
    assert response.status_code == 400
    assert "管理员角色" in response.content.decode()  # the reason, in the site language
    assert User.objects.get(pk=target.pk).role_codes == {"viewer"}


def test_refusal_under_the_api_prefix_is_json(rf):
    from django.core.exceptions import ValidationError

    from zhiliang.core.middleware import RefusalMiddleware

    middleware = RefusalMiddleware(lambda request: None)
    response = middleware.process_exception(rf.get("/api/x/"), ValidationError("无此角色。"))
    assert response.status_code == 400
    assert json.loads(response.content) == {"message": "无此角色。"}


@pytest.mark.parametrize("period", ["5%", "%s", "2025%(x)s"])
def test_a_percent_sign_in_a_refused_filter_is_a_400(api, period):
    _refused(api("office_staff", "320412").get("/api/indicator-values/", {"period": period}))


@pytest.mark.parametrize("text", ['"a\\u0000b"', '"\\ud800"'])
def test_text_no_database_stores_is_refused_in_values_and_keys(api, text):
    client = api("office_staff", "320412")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for body in ('{"region": ' + text + "}", "{" + text + ": 1}"):
        assert "NUL" in _refused(_post(client, "/api/sampling-plans/", body))


@pytest.mark.parametrize("encode", ["multipart", "form"])
def test_text_no_database_stores_is_refused_in_form_bodies(api, encode):
    """PostgreSQL answered a NUL in a form field with a 500 (a body looked up by name)."""
    from urllib.parse import urlencode

    client = api("office_staff", "320412")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    fields = {"deciding_body": "市场\x00监管局", "reason": "x"}
    if encode == "multipart":
        response = client.post("/api/abnormal-listings/", fields)
    else:
        response = client.generic(
            "POST",
            "/api/abnormal-listings/",
            urlencode(fields),
            content_type="application/x-www-form-urlencoded",
        )
    assert "NUL" in _refused(response)
