"""For every API endpoint: a user of district A can neither list, read, change nor delete
a record of district B — the answer is 404, never the data."""

import pytest

from zhiliang.core.models import Organization, Region

A, B = "320412", "320411"  # 武进区, 新北区


def _region_record(make_org, make_enterprise):
    return Region.objects.get(code=B)


def _organization_record(make_org, make_enterprise):
    return Organization.objects.get(region__code=B)


def _enterprise_record(make_org, make_enterprise):
    return make_enterprise(B + "002")


ENDPOINTS = [
    ("/api/regions/", _region_record, {"name": "x"}),
    ("/api/organizations/", _organization_record, {"name": "改名"}),
    ("/api/enterprises/", _enterprise_record, {"name": "改名有限公司"}),
]
# Methods each endpoint offers an office clerk on records of their own district; on
# another district's records these must answer 404. The others are refused for every id.
OFFERED = {
    "/api/regions/": {"get"},
    "/api/organizations/": {"get", "patch", "put"},
    "/api/enterprises/": {"get", "patch", "put", "delete"},
}


@pytest.fixture
def world(make_org, make_enterprise):
    make_org(A)
    make_org(B)


@pytest.mark.parametrize("url, make_record, change", ENDPOINTS)
def test_district_a_cannot_touch_district_b(
    world, api, url, make_record, change, make_org, make_enterprise
):
    record = make_record(make_org, make_enterprise)
    client = api("office_staff", A)
    listed = client.get(url, {"page_size": 500}).json()
    assert record.pk not in [r["id"] for r in listed["results"]]
    detail, missing = f"{url}{record.pk}/", f"{url}99999999/"
    for method in ("get", "patch", "put", "delete"):
        response = getattr(client, method)(detail, change, format="json")
        # Exactly what a record that does not exist gets: nothing is revealed.
        assert (
            response.status_code
            == getattr(client, method)(missing, change, format="json").status_code
        )
        assert response.status_code in (403, 404, 405), (method, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        assert record.name not in response.content.decode()
        if method in OFFERED[url]:
            assert response.status_code == 404, (method, response.status_code)
    record.refresh_from_db()
    assert record.name != change["name"]


@pytest.mark.parametrize("url, make_record, change", ENDPOINTS)
def test_city_user_sees_both_districts(
    world, api, url, make_record, change, make_org, make_enterprise
):
    record = make_record(make_org, make_enterprise)
    client = api("viewer", "3204")
    assert client.get(f"{url}{record.pk}/").status_code == 200


def test_region_filter_cannot_widen_the_jurisdiction(world, api, make_enterprise):
    make_enterprise(B + "002")
    client = api("viewer", A)
    assert client.get("/api/enterprises/", {"region": B}).json()["count"] == 0
    assert client.get("/api/enterprises/", {"region": "32"}).json()["count"] == 0
