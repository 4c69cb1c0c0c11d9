"""The API: results by sample number and item name, judged; purchases outside are missing."""

from rest_framework.test import APIClient


def test_a_result_through_the_api(make_user, make_purchase, bought_on):
    purchase, theirs = make_purchase(), make_purchase("320411")
    api = APIClient()
    api.force_authenticate(make_user("office_staff", "320412"))
    body = {"purchase_number": purchase.number, "item_name": "整车质量", "value": "61.2",
            "tested_on": str(bought_on)}  # fmt: skip
    response = api.post("/api/monitoring-results/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["verdict"] == "fail" and response.json()["item_name"] == "整车质量"
    again = api.post("/api/monitoring-results/", body, format="json")
    assert again.status_code == 400 and "item" in again.json()["errors"]
    wrong = api.post("/api/monitoring-results/", {**body, "item_name": "续航"}, format="json")
    assert wrong.status_code == 400 and "续航" in str(wrong.json())
    outside = api.post(
        "/api/monitoring-results/", {**body, "purchase_number": theirs.number}, format="json"
    )
    assert outside.status_code == 400 and "purchase_number" in outside.json()["errors"]
    assert api.get(f"/api/monitoring-purchases/{theirs.pk}/").status_code == 404
    listed = api.get("/api/monitoring-purchases/").json()
    assert [p["number"] for p in listed["results"]] == [purchase.number]
