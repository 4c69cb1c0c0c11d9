"""The API: scoped reads, permission writes, masked ID numbers, logged reveals."""

from datetime import date

import pytest

from zhiliang.core.models import SecurityEvent
from zhiliang.equipment.models import Operator
from zhiliang.equipment.services import REVEAL_EVENT

from .conftest import ADULT_ID, MINOR_ID, id_number

pytestmark = pytest.mark.english

UNITS, INSPECTIONS, OPERATORS = (
    "/api/equipment-units/",
    "/api/periodic-inspections/",
    "/api/operators/",
)


@pytest.fixture
def two_districts(make_unit, make_enterprise, make_operator):
    other = make_enterprise("320411002", name="新北丙机械有限公司")
    mine = make_unit("4300", accepted_on=date(2022, 6, 1))
    theirs = make_unit("4300", region_code="320411002", enterprise=other)
    op_mine = make_operator()
    op_theirs = make_operator(employer=other)
    return mine, theirs, op_mine, op_theirs


def test_create_unit_validates_and_computes_due(api, firm):
    client = api("office_staff", "320412")
    payload = {
        "register_code": "3110320412000001",
        "catalogue_code": "3110",
        "enterprise_uscc": firm.uscc,
        "region_code": "320412001",
        "accepted_on": "2020-03-10",
        "in_service_on": "2020-03-15",
    }
    response = client.post(UNITS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["registered"] is False and body["due_rule"].startswith("elevator:")
    assert body["next_due_on"] == "2021-03-10"
    again = client.post(UNITS, payload, format="json")
    assert again.status_code == 400 and "already registered" in again.json()["message"]
    bad = client.post(
        UNITS, {**payload, "register_code": "X", "catalogue_code": "3990"}, format="json"
    )
    assert bad.status_code == 400 and "catalogue" in bad.json()["message"]
    outside = client.post(
        UNITS, {**payload, "register_code": "Y", "region_code": "320411002"}, format="json"
    )
    assert outside.status_code == 400 and "320411002" in outside.json()["message"]


def test_viewer_cannot_write(api, two_districts, firm):
    mine, *_ = two_districts
    client = api("viewer", "320412")
    assert client.post(UNITS, {"register_code": "Z"}, format="json").status_code == 403
    assert client.patch(f"{UNITS}{mine.pk}/", {"location": "x"}, format="json").status_code == 403
    response = client.post(f"{UNITS}{mine.pk}/override/", {"every_years": 2, "reason": "x"})
    assert response.status_code == 403


def test_override_action(api, two_districts):
    mine, theirs, *_ = two_districts
    client = api("office_staff", "320412")
    response = client.post(f"{UNITS}{mine.pk}/override/", {"every_years": 2, "reason": ""})
    assert response.status_code == 400 and "reason" in response.json()["message"]
    response = client.post(
        f"{UNITS}{mine.pk}/override/", {"every_years": 2, "reason": "厂内专用，检验机构同意"}
    )
    assert response.status_code == 200
    assert response.json()["due_rule"].startswith("override: 单位调整：每2年检验")
    assert response.json()["next_due_on"] == "2024-06-01"
    assert (
        client.post(f"{UNITS}{theirs.pk}/override/", {"every_years": 2, "reason": "x"}).status_code
        == 404
    )


def test_inspector_records_an_inspection_through_the_api(api, two_districts):
    mine, theirs, *_ = two_districts
    client = api("inspector", "320412")
    payload = {
        "register_code": mine.register_code,
        "inspected_on": "2023-05-20",
        "inspection_body": "常州特检院",
        "conclusion": "pass",
        "report_number": "R-1",
    }
    response = client.post(INSPECTIONS, payload, format="json")
    assert response.status_code == 201, response.json()
    mine.refresh_from_db()
    assert mine.next_due_on == date(2024, 5, 20)
    early = client.post(
        INSPECTIONS,
        {**payload, "inspected_on": "2022-01-01", "report_number": "R-2"},
        format="json",
    )
    assert early.status_code == 400 and "before the acceptance" in early.json()["message"]
    foreign = client.post(
        INSPECTIONS, {**payload, "register_code": theirs.register_code}, format="json"
    )
    assert foreign.status_code == 400 and "in your jurisdiction" in foreign.json()["message"]
    assert client.get(f"{UNITS}{mine.pk}/inspections/").json()[0]["report_number"] == "R-1"


def test_operator_id_is_encrypted_hashed_and_masked(api, firm):
    client = api("office_staff", "320412")
    payload = {
        "name": "张三",
        "id_number": ADULT_ID,
        "employer_uscc": firm.uscc,
        "certificate_number": "TS0001",
        "items": "n1, q2",
        "issued_on": "2023-05-01",
    }
    response = client.post(OPERATORS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "id_number" not in body and body["id_number_masked"] == f"3204**********{ADULT_ID[-4:]}"
    assert body["items"] == "N1,Q2" and body["valid_until"] == "2027-05-01"
    stored = Operator.objects.values().get(pk=body["id"])
    assert ADULT_ID not in str(stored) and stored["id_number_hash"] != ADULT_ID
    listed = client.get(OPERATORS).json()["results"][0]
    assert ADULT_ID not in str(listed)
    assert client.get(OPERATORS, {"q": ADULT_ID}).json()["count"] == 1  # found by its hash
    dup = client.post(OPERATORS, {**payload, "name": "李四"}, format="json")
    assert dup.status_code == 400 and "already recorded" in dup.json()["message"]
    history = Operator.history.model.objects.filter(id=body["id"]).values()
    assert all(ADULT_ID not in str(h) for h in history)


def test_operator_rules(api, firm):
    client = api("office_staff", "320412")
    base = {"name": "王五", "employer_uscc": firm.uscc, "items": "N1"}
    minor = client.post(OPERATORS, {**base, "id_number": MINOR_ID}, format="json")
    assert minor.status_code == 400 and "under 18" in minor.json()["message"]
    bad = client.post(OPERATORS, {**base, "id_number": "320402199003070011"}, format="json")
    assert bad.status_code == 400 and "not a valid" in bad.json()["message"]
    expiry = client.post(
        OPERATORS,
        {
            **base,
            "id_number": id_number("19860101"),
            "issued_on": "2023-01-01",
            "valid_until": "2022-01-01",
        },
        format="json",
    )
    assert expiry.status_code == 400 and "expires before" in expiry.json()["message"]
    items = client.post(
        OPERATORS, {**base, "id_number": id_number("19860101"), "items": "Z9"}, format="json"
    )
    assert items.status_code == 400 and "Unknown certificate items" in items.json()["message"]


def test_reveal_is_allowed_to_some_roles_and_logged(api, two_districts):
    _, _, op_mine, op_theirs = two_districts
    viewer = api("viewer", "320412")
    assert viewer.post(f"{OPERATORS}{op_mine.pk}/reveal/").status_code == 403
    inspector = api("inspector", "320412")
    assert inspector.post(f"{OPERATORS}{op_theirs.pk}/reveal/").status_code == 404
    assert not SecurityEvent.objects.filter(kind=REVEAL_EVENT).exists()
    response = inspector.post(f"{OPERATORS}{op_mine.pk}/reveal/")
    assert response.status_code == 200
    assert response.json()["id_number"] == id_number("19900307", 1)
    event = SecurityEvent.objects.get(kind=REVEAL_EVENT)
    assert event.user == inspector.user and event.detail["operator"] == op_mine.pk
    assert id_number("19900307", 1) not in str(event.detail)


def test_safety_grade_and_gas_class_only_where_the_kind_has_them(api, firm, make_unit):
    client = api("office_staff", "320412")
    base = {"catalogue_code": "3110", "enterprise_uscc": firm.uscc, "region_code": "320412001",
            "accepted_on": "2020-03-10", "in_service_on": "2020-03-15"}  # fmt: skip
    lift = client.post(UNITS, {**base, "register_code": "G1", "safety_grade": 2}, format="json")
    assert lift.status_code == 400 and "no safety grade" in lift.json()["message"]
    gas = client.post(UNITS, {**base, "register_code": "G2", "gas_class": "inert"}, format="json")
    assert gas.status_code == 400 and "gas class" in gas.json()["message"]
    vessel = {**base, "catalogue_code": "2150", "register_code": "G3", "safety_grade": 2}
    assert client.post(UNITS, vessel, format="json").status_code == 201
    crane = make_unit("4300", accepted_on=date(2022, 6, 1))
    graded = client.post(
        INSPECTIONS,
        {"register_code": crane.register_code, "inspected_on": "2023-05-01", "safety_grade": 2,
         "inspection_body": "x", "conclusion": "pass", "report_number": "R"},
        format="json",
    )  # fmt: skip
    assert graded.status_code == 400 and "safety grade" in graded.json()["message"]


def test_units_of_one_enterprise(api, make_unit, make_enterprise):
    other = make_enterprise("320412002")
    mine = make_unit("4300")
    make_unit("4300", enterprise=other)
    rows = api("viewer", "320412").get(UNITS, {"uscc": mine.enterprise.uscc}).json()["results"]
    assert [r["register_code"] for r in rows] == [mine.register_code]
