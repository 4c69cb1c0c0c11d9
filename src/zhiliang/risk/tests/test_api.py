"""The risk API: risk information written through the services, signals read-only."""

import pytest

from zhiliang.risk.models import RiskInformation, Signal

pytestmark = pytest.mark.english
URL = "/api/risk-information/"


def _body(**changes):
    body = {
        "source_kind": "foreign",
        "reference": "CPSC-26-101",
        "product_code": "0401",
        "hazard": "火灾与烧伤",
        "region_code": "320412",
        "occurred_on": "2026-03-02",
        "text": "Recall: battery fire.",
    }
    body.update(changes)
    return body


def test_create_converts_names_and_refuses_bad_input(api, catalogue):
    client = api("office_staff", "320412")
    response = client.post(URL, _body(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["hazard"] == "fire" and response.json()["product_name"] == "电动自行车"
    for bad, field in (
        ({"reference": "CPSC-26-101"}, "reference"),
        ({"reference": "X", "hazard": "weather"}, "hazard"),
        ({"reference": "Y", "product_code": "04"}, "product_code"),
        ({"reference": "Z", "source_kind": "sampling"}, "source_kind"),
        ({"reference": "V", "region_code": "320411"}, "region_code"),
    ):
        response = client.post(URL, _body(**bad), format="json")
        errors = response.json().get("errors", {})
        assert response.status_code == 400 and field in errors, (bad, response.json())
    assert RiskInformation.objects.count() == 1
    viewer = api("viewer", "320412")
    assert viewer.post(URL, _body(reference="W"), format="json").status_code == 403


def test_signals_are_scoped_and_read_only(api, changzhou):
    from zhiliang.risk.demo import demo_risk_step

    demo_risk_step(seed=1)
    city = api("office_staff", "3204").get("/api/signals/", {"product": "0401"}).json()
    planted = [s for s in city["results"] if s["region_code"] == "320412"]
    assert planted and "cumulative sum" in " ".join(s["explanation"] for s in planted)
    other = api("office_staff", "320411")
    listed = other.get("/api/signals/").json()
    assert all(s["region_code"].startswith("320411") for s in listed["results"])
    pk = Signal.objects.filter(region__code="320412").first().pk
    assert other.get(f"/api/signals/{pk}/").status_code == 404
    assert api("office_staff", "3204").delete(f"/api/signals/{pk}/").status_code in (403, 405)
    assert Signal.objects.filter(pk=pk).exists()
