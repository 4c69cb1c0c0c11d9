"""The API: accidents and cases carry their clocks as `deadlines`; writes go through the
services (a skipped stage, a future accident refused with reasons)."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_accident_created_listed_with_deadlines(api, firm):
    client = api()
    body = {
        "title": "电梯坠落",
        "enterprise_uscc": firm.uscc,
        "opened_at": "2026-03-02T09:00:00+08:00",
        "reported_at": "2026-03-02T09:30:00+08:00",
        "deaths": 1,
        "injuries": 0,
        "direct_loss": "0",
    }
    response = client.post("/api/accidents/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["grade"] == "general"
    clocks = {d["kind"]: d for d in data["deadlines"]}
    assert clocks["unit_report"]["state"] == "met"
    listed = client.get("/api/accidents/").json()
    assert listed["count"] == 1 and listed["results"][0]["deadlines"]


def test_bad_accidents_are_refused_with_reasons(api, firm):
    client = api()
    future = (timezone.now() + timedelta(days=2)).isoformat()
    body = {"title": "x", "enterprise_uscc": firm.uscc, "opened_at": future, "deaths": -1}
    response = client.post("/api/accidents/", body, format="json")
    assert response.status_code == 400
    assert {"opened_at", "deaths"} <= set(response.json()["errors"])


def test_supervised_case_advance_and_skipped_stage(api, make_supervised, clerk):
    case = make_supervised()
    client = api(user=clerk)
    response = client.post(f"/api/cases/{case.pk}/advance/", {"to": "decided"}, format="json")
    assert response.status_code == 400 and "to" in response.json()["errors"]
    response = client.post(f"/api/cases/{case.pk}/advance/", {"to": "filed"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "filed"
    other = api("office_staff", "320411")
    assert other.get(f"/api/cases/{case.pk}/").status_code == 404
