"""The complaints API: conversion, masked answers, bad input as 400 with its reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhiliang.complaints.models import Complaint

pytestmark = pytest.mark.english
URL = "/api/complaints/"


def _body(enterprise, **changes):
    body = {
        "number": "1320412202603060009",
        "received_on": "2026-03-06",
        "channel": "12315热线",
        "complainant_name": "李四",
        "complainant_phone": "13800001111",
        "product_name": "儿童玩具",
        "enterprise_uscc": enterprise.uscc,
        "category": "安全隐患",
    }
    body.update(changes)
    return body


def test_create_answers_masked_and_converts_names_to_codes(api, make_enterprise):
    client = api("office_staff", "320412")
    firm = make_enterprise("320412001")
    response = client.post(URL, _body(firm), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["channel"], data["category"]) == ("12315_hotline", "safety")
    assert data["region_code"] == firm.region.code
    assert data["complainant_name_masked"] == "李*"
    assert (
        "李四" not in response.content.decode() and "13800001111" not in response.content.decode()
    )
    listed = client.get(URL).content.decode()
    assert "李四" not in listed and "13800001111" not in listed
    assert data["status"] == "received" and data["accept_due_on"] == "2026-03-17"


def test_bad_input_is_a_400_naming_the_field(api, make_enterprise):
    client = api("office_staff", "320412")
    mine, theirs = make_enterprise("320412001"), make_enterprise("320411002")
    future = str(timezone.localdate() + timedelta(days=3))
    cases = {
        "enterprise_uscc": _body(theirs),
        "received_on": _body(mine, received_on=future),
        "channel": _body(mine, channel="传真"),
        "category": _body(mine, category="天气"),
        "closed_on": _body(mine, outcome="justified", closed_on="2026-03-01"),
    }
    for field, body in cases.items():
        response = client.post(URL, body, format="json")
        assert response.status_code == 400, (field, response.json())
        assert field in response.json()["errors"], (field, response.json())
    # Another district's enterprise reads as unknown: its name is never told.
    response = client.post(URL, _body(theirs), format="json")
    assert theirs.name not in response.content.decode()
    assert "传真" in str(client.post(URL, cases["channel"], format="json").json()["errors"])
    assert not Complaint.objects.exists()


def test_a_repeated_number_is_refused(api, make_enterprise):
    client = api("office_staff", "320412")
    firm = make_enterprise("320412001")
    assert client.post(URL, _body(firm), format="json").status_code == 201
    response = client.post(URL, _body(firm), format="json")
    assert response.status_code == 400 and "number" in response.json()["errors"]


def test_close_through_the_api_moves_forward_only(api, make_enterprise):
    client = api("office_staff", "320412")
    firm = make_enterprise("320412001")
    pk = client.post(URL, _body(firm), format="json").json()["id"]
    closing = {"status": "closed", "outcome": "mediated", "closed_on": "2026-03-10"}
    response = client.patch(f"{URL}{pk}/", closing, format="json")
    assert response.status_code == 200, response.json()
    back = {"status": "received", "outcome": "", "closed_on": None}
    response = client.patch(f"{URL}{pk}/", back, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    assert Complaint.objects.get().status == "closed"
