"""The API: create an assessment, a warning and a card; bad input is a 400 with the field
named and nothing written; a district lists the cards it received only."""

import pytest

from zhiliang.earlywarning.models import Card, RiskAssessment

pytestmark = [pytest.mark.english, pytest.mark.django_db]

STEPS = [{"text": "runaway", "p": 0.05}, {"text": "fire", "p": 0.5}, {"p": 0.2}]


def _client(api, user):
    return api(user=user)


def test_assessment_created_and_bad_input_refused(api, cell):
    client = _client(api, cell.city)
    body = {
        "signal": cell.signal.pk,
        "hazard": "fire",
        "scenario": "Battery fire.",
        "severity": 3,
        "steps": STEPS,
        "product_codes": ["0401", "0402"],
        "region_codes": ["320412"],
    }
    response = client.post("/api/risk-assessments/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "serious"
    assert response.json()["probability"] == pytest.approx(0.005)
    for bad, field in (
        ({"severity": 5}, "severity"),
        ({"steps": [{"p": 1.2}]}, "steps"),
        ({"product_codes": ["9999"]}, "product_codes"),
        ({"signal": cell.other_signal.pk + 1000}, "signal"),
    ):
        response = client.post("/api/risk-assessments/", {**body, **bad}, format="json")
        assert response.status_code == 400 and field in response.json()["errors"], bad
    assert RiskAssessment.objects.count() == 1


def test_card_outside_jurisdiction_is_a_400_with_the_reason(api, cell):
    client = _client(api, cell.city)
    body = {
        "colour": "yellow",
        "region_code": "320412",
        "product_code": "0401",
        "hazard": "fire",
        "problem": "E-bike failures tripled.",
    }
    response = client.post("/api/cards/", {**body, "region_code": "320505"}, format="json")
    assert response.status_code == 400 and "region_code" in response.json()["errors"]
    assert not Card.objects.exists()
    response = client.post("/api/cards/", body, format="json")
    assert response.status_code == 201, response.content
    card = Card.objects.get()
    assert card.plan is not None and response.json()["deadline"] == card.deadline.isoformat()
    # The district lists the card it received; the other district does not.
    assert _client(api, cell.district).get("/api/cards/").json()["count"] == 1
    assert api("office_staff", "320411").get("/api/cards/").json()["count"] == 0


def test_warning_created_as_a_draft(api, cell):
    client = _client(api, cell.city)
    response = client.post(
        "/api/risk-warnings/",
        {
            "kind": "notice",
            "region_code": "320412",
            "product_code": "0401",
            "hazard": "fire",
            "title": "Notice",
            "text": "x",
            "enterprises": [cell.firm.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
