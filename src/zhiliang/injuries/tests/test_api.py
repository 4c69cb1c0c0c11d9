"""The injury API: conversion of coded fields, the narrative for authorised staff only,
bad input as 400 with its reason."""

import pytest

from zhiliang.injuries.models import InjuryCase

pytestmark = pytest.mark.english
URL = "/api/injury-cases/"


def _body(hospital, **changes):
    body = {
        "hospital_code": hospital.code, "case_number": "A-1", "treated_on": "2026-02-03",
        "age": 7, "sex": "F", "body_part": "头部", "diagnosis": "挫伤/擦伤",
        "disposition": "处理后离院", "place": "家中", "product_codes": "0503",
        "narrative": "童车翻倒。",
    }  # fmt: skip
    body.update(changes)
    return body


def test_create_converts_and_the_narrative_is_for_authorised_staff(api, make_hospital):
    hospital = make_hospital()
    response = api("office_staff", "320412").post(URL, _body(hospital), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["body_part"], data["place"], data["product_codes"]) == ("head", "home", "0503")
    assert data["narrative"] == "童车翻倒。" and data["region_code"] == "320412"
    seen = api("viewer", "320412").get(f"{URL}{data['id']}/").json()
    assert seen["narrative"] is None and seen["case_number"] == "A-1"
    assert api("office_staff", "320411").get(f"{URL}{data['id']}/").status_code == 404


def test_bad_input_is_a_400_with_reasons(api, make_hospital):
    hospital, client = make_hospital(), api("office_staff", "320412")
    response = client.post(URL, _body(hospital, age=130, product_codes="0401 7777",
                                      place="月球"), format="json")  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert "7777" in text and "月球" in text and "age" in response.json()["errors"]
    theirs = make_hospital("320411")
    response = client.post(URL, _body(theirs), format="json")
    assert response.status_code == 400 and "No sentinel hospital" in response.content.decode()
    assert not InjuryCase.objects.exists()
