import re
from datetime import date

import pytest

from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.uscc import make_uscc


def test_token_login_returns_a_token(client, make_user):
    from zhiliang.conftest import PASSWORD

    user = make_user("viewer")
    r = client.post(
        "/api/auth/token/",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert r.status_code == 200
    token = r.json()["token"]
    listed = client.get("/api/enterprises/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200
    bad = client.post(
        "/api/auth/token/",
        {"username": user.username, "password": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["message"]


def test_list_is_paginated_and_carries_the_fields(api, make_enterprise):
    for _ in range(3):
        make_enterprise("320412001")
    data = api("viewer", "320412").get("/api/enterprises/", {"page_size": 2}).json()
    assert set(data) == {"count", "count_estimated", "next", "previous", "results"}
    assert data["count_estimated"] is False  # small results are counted exactly
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]
    item = data["results"][0]
    assert {"id", "uscc", "name", "region_code", "region_name"} <= set(item)
    assert item["region_code"] == "320412001" and item["region_name"]


def test_filters(api, make_enterprise):
    from zhiliang.enterprises.models import Industry

    a = make_enterprise("320412001", name="常州甲机械有限公司")
    make_enterprise(
        "320412002",
        name="常州乙食品有限公司",
        industry=Industry.objects.get(code="14"),
        status="cancelled",
    )
    client = api("viewer", "3204")
    get = lambda **q: client.get("/api/enterprises/", q).json()  # noqa: E731
    assert get(q="甲机械")["count"] == 1
    assert get(q=a.uscc[:10].lower())["count"] >= 1
    assert get(region="320412001")["count"] == 1
    assert get(region="320412")["count"] == 2
    assert get(status="cancelled")["count"] == 1
    assert get(industry="C")["count"] == 2 and get(industry="14")["count"] == 1
    bad = client.get("/api/enterprises/", {"region": "999999"})
    assert bad.status_code == 400 and "999999" in bad.json()["message"]


def _payload(**over):
    data = {
        "uscc": make_uscc("320412", "AB12CD34"),
        "name": "常州新建机械有限公司",
        "region_code": "320412001",
        "industry_code": "34",
        "status": "active",
        "established_on": "2020-05-01",
    }
    data.update(over)
    return data


def test_office_staff_creates_and_history_records_who(api):
    client = api("office_staff", "320412")
    r = client.post("/api/enterprises/", _payload(), format="json")
    assert r.status_code == 201, r.json()
    e = Enterprise.objects.get(pk=r.json()["id"])
    assert e.history.first().history_user == client.user
    r = client.patch(f"/api/enterprises/{e.pk}/", {"name": "改名机械有限公司"}, format="json")
    assert r.status_code == 200 and e.history.count() == 2


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"uscc": "91320412AB12CD3400"}, "uscc"),
        ({"region_code": "320411002"}, "region_code"),
        ({"region_code": "999999"}, "region_code"),
        ({"industry_code": "ZZ"}, "industry_code"),
        ({"established_on": "2023-02-30"}, "established_on"),
        ({"established_on": "2999-01-01"}, "established_on"),
    ],
)
def test_bad_input_is_refused_with_a_message(api, change, fragment):
    client = api("office_staff", "320412")
    r = client.post("/api/enterprises/", _payload(**change), format="json")
    assert r.status_code == 400
    assert fragment in r.json()["message"] and fragment in r.json()["errors"]
    assert not Enterprise.objects.exists()


def test_duplicate_uscc_is_refused(api, make_enterprise):
    existing = make_enterprise("320412")
    r = api("office_staff", "320412").post(
        "/api/enterprises/", _payload(uscc=existing.uscc.lower()), format="json"
    )
    assert r.status_code == 400 and "uscc" in r.json()["errors"]


@pytest.mark.parametrize("role", ["viewer", "inspector", "department_reporter"])
def test_readers_cannot_write(api, role, make_enterprise):
    e = make_enterprise("320412")
    client = api(role, "320412")
    assert client.post("/api/enterprises/", _payload(), format="json").status_code == 403
    assert (
        client.patch(f"/api/enterprises/{e.pk}/", {"name": "x"}, format="json").status_code == 403
    )
    assert client.delete(f"/api/enterprises/{e.pk}/").status_code == 403


def test_phone_is_masked_for_viewers(api, make_enterprise):
    make_enterprise("320412", contact_phone="13812345678")
    assert (
        api("viewer", "320412").get("/api/enterprises/").json()["results"][0]["contact_phone"]
        == "138****5678"
    )
    assert (
        api("office_staff", "320412").get("/api/enterprises/").json()["results"][0]["contact_phone"]
        == "13812345678"
    )


def test_errors_are_json_never_html(client, api, regions):
    assert client.get("/api/enterprises/").json()["message"]
    assert client.get("/api/enterprises/").status_code in (401, 403)
    r = client.get("/api/no-such-thing/")
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    r = api("viewer").get("/api/enterprises/not-a-number/")
    assert r.status_code == 404 and r.json()["message"]


def test_schema_and_docs(api):
    client = api("viewer")
    assert client.get("/api/schema/").status_code == 200
    assert (
        "/api/enterprises/"
        in client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    )
    r = client.get("/api/docs/")
    assert r.status_code == 200 and b"swagger" in r.content.lower()
    # No request leaves the machine: every asset is served locally.
    assert not re.findall(rb'(?:src|href)="https?://', r.content)


def test_a_partial_update_is_checked_against_the_whole_record(api, make_enterprise):
    """The rules read the stored record too: a training date before the (stored)
    establishment is refused though the request names only the training date."""
    e = make_enterprise("320412001", established_on=date(2010, 5, 1))
    r = api("office_staff", "320412").patch(
        f"/api/enterprises/{e.pk}/", {"cqo_trained_on": "2000-01-01"}, format="json"
    )
    assert r.status_code == 400 and list(r.json()["errors"]) == ["cqo_trained_on"], r.json()
    e.refresh_from_db()
    assert e.cqo_trained_on is None
