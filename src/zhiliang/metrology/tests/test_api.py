"""The metrology API: campaigns and checks created through the services, bad input as 400
with its reason, a city campaign read (not changed) by a district."""

import pytest

from zhiliang.metrology.models import Check

pytestmark = pytest.mark.english
GOOD = [498, 502, 495, 501, 499, 503, 497, 500, 496, 504]


def _campaign(client, **changes):
    body = {
        "code": "JL2025-01",
        "name": "净含量专项",
        "subject": "定量包装商品净含量",
        "region_code": "320412",
        "starts_on": "2025-04-01",
        "ends_on": "2025-11-30",
    }
    body.update(changes)
    return client.post("/api/metrology-campaigns/", body, format="json")  # fmt: skip


def test_campaign_and_checks(api):
    client = api("office_staff", "320412")
    response = _campaign(client)
    assert response.status_code == 201, response.json()
    assert response.json()["subject"] == "net_content"
    check = {"campaign_code": "JL2025-01", "number": "C1", "region_code": "320412",
             "checked_on": "2025-05-06", "item": "大米", "nominal": "500", "nominal_unit": "g",
             "lot_size": 30, "values": [484, *GOOD[1:]]}  # fmt: skip
    response = client.post("/api/metrology-checks/", check, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["verdict"], response.json()["beyond_t"]) == ("fail", 1)
    bad = client.post("/api/metrology-checks/", {**check, "number": "C2", "values": GOOD[:4]},
                      format="json")  # fmt: skip
    assert bad.status_code == 400 and "checked on 10 units" in str(bad.json())
    bad = client.post("/api/metrology-checks/", {**check, "number": "C3", "values": "1 x 2"},
                      format="json")  # fmt: skip
    assert bad.status_code == 400 and "Not numbers: x" in str(bad.json())
    assert Check.objects.count() == 1
    assert _campaign(client, code="X", subject="天平").status_code == 400


def test_city_campaign_read_but_not_changed_by_a_district(api):
    city = api("office_staff", "3204")
    pk = _campaign(city, region_code="3204").json()["id"]
    district = api("office_staff", "320412")
    assert district.get(f"/api/metrology-campaigns/{pk}/").status_code == 200
    response = district.patch(f"/api/metrology-campaigns/{pk}/", {"name": "x"}, format="json")
    assert response.status_code == 404
    assert api("office_staff", "320411").get("/api/metrology-campaigns/").json()["count"] == 1
