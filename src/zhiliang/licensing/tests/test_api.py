"""The REST surface: scoped reads, permission writes, validation, query counts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhiliang.enterprises.uscc import make_uscc
from zhiliang.licensing.models import Certificate, Instrument, Verification

CERTS = "/api/certificates/"
INSTRUMENTS = "/api/instruments/"
VERIFICATIONS = "/api/verifications/"


def _cert_payload(holder, **over):
    data = {
        "kind": "ccc",
        "number": "2024010101234567",
        "holder_uscc": holder.uscc,
        "issued_on": "2024-03-01",
        "expires_on": "2029-02-28",
    }
    data.update(over)
    return data


def test_certificate_filters(api, make_enterprise, make_certificate, ccc_product):
    today = timezone.localdate()
    a = make_enterprise("320412001", name="常州甲电器有限公司")
    b = make_enterprise("320412002", name="常州乙食品有限公司")
    make_certificate(a, number="C-SOON", products=[ccc_product],
                     issued_on=today - timedelta(days=1700),
                     expires_on=today + timedelta(days=60))  # fmt: skip
    make_certificate(b, kind="iso9001", number="Q-SOON", issued_on=today - timedelta(days=1000),
                     expires_on=today + timedelta(days=60))  # fmt: skip
    make_certificate(b, kind="iso9001", number="Q-OLD", status="expired",
                     issued_on=date(2019, 1, 1), expires_on=date(2022, 1, 1))  # fmt: skip
    client = api("viewer", "320412")

    def numbers(**q):
        r = client.get(CERTS, q)
        assert r.status_code == 200, r.json()
        return sorted(x["number"] for x in r.json()["results"])

    assert numbers(kind="ccc") == ["C-SOON"]
    assert numbers(status="expired") == ["Q-OLD"]
    assert numbers(q="甲电器") == ["C-SOON"]
    assert numbers(region="320412002") == ["Q-OLD", "Q-SOON"]
    assert numbers(enterprise=b.pk) == ["Q-OLD", "Q-SOON"]
    assert numbers(expiring_within=90) == ["C-SOON", "Q-SOON"]
    # The renewal window is per kind: CCC 90 days, ISO 30 days.
    assert numbers(in_renewal_window="true") == ["C-SOON"]
    assert numbers(product=ccc_product.code) == ["C-SOON"]
    assert numbers(product=ccc_product.parent.code) == ["C-SOON"]
    assert client.get(CERTS, {"expiring_within": "-3"}).status_code == 400
    detail = client.get(CERTS, {"kind": "ccc"}).json()["results"][0]
    assert detail["products"] == [ccc_product.code] and detail["holder_name"] == a.name


def test_create_certificate_and_change_its_status(api, make_enterprise, ccc_product):
    holder = make_enterprise("320412001")
    client = api("office_staff", "320412")
    r = client.post(CERTS, _cert_payload(holder, products=[ccc_product.code]), format="json")
    assert r.status_code == 201, r.json()
    cert = Certificate.objects.get(pk=r.json()["id"])
    assert cert.status == "valid" and cert.ended_on == date(2029, 3, 1)
    assert list(cert.products.all()) == [ccc_product]
    assert cert.history.first().history_user == client.user
    r = client.patch(f"{CERTS}{cert.pk}/", {"status": "suspended"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "suspended" and r.json()["ended_on"] == str(timezone.localdate())
    client.patch(f"{CERTS}{cert.pk}/", {"status": "revoked"}, format="json")
    r = client.patch(f"{CERTS}{cert.pk}/", {"status": "valid"}, format="json")
    assert r.status_code == 400
    cert.refresh_from_db()
    assert cert.status == "revoked"


# Requests get the site's language (简体中文): the tests read which field was refused, and
# the value named in the message where there is one.
@pytest.mark.parametrize(
    ("over", "field", "fragment"),
    [
        ({"kind": "ccx"}, "kind", "ccx"),
        ({"expires_on": "2024-02-01"}, "expires_on", ""),
        ({"expires_on": "2030-03-01"}, "expires_on", "2029-03-01"),
        ({"issued_on": "2999-01-01", "expires_on": "3000-01-01"}, "issued_on", ""),
        ({"products": ["9999"]}, "products", "9999"),
        ({"holder_uscc": "91320412ABCDEFGHIJ"}, "holder_uscc", ""),
    ],
)
def test_bad_certificates_are_refused(api, make_enterprise, over, field, fragment):
    holder = make_enterprise("320412001")
    r = api("office_staff", "320412").post(CERTS, _cert_payload(holder, **over), format="json")
    assert r.status_code == 400 and list(r.json()["errors"]) == [field], r.json()
    assert fragment in str(r.json()["errors"][field])
    assert not Certificate.objects.exists()


def test_duplicate_number_of_the_same_kind_is_refused(api, make_enterprise, make_certificate):
    holder = make_enterprise("320412001")
    make_certificate(holder, number="2024010101234567")
    client = api("office_staff", "320412")
    r = client.post(CERTS, _cert_payload(holder), format="json")
    assert r.status_code == 400 and list(r.json()["errors"]) == ["number"], r.json()
    # The same number under another kind is another certificate.
    r = client.post(
        CERTS, _cert_payload(holder, kind="iso9001", expires_on="2027-02-28"), format="json"
    )
    assert r.status_code == 201, r.json()


def test_writes_need_the_permission_and_the_jurisdiction(api, make_enterprise, make_certificate):
    mine, theirs = make_enterprise("320412001"), make_enterprise("320411002")
    assert (
        api("viewer", "320412").post(CERTS, _cert_payload(mine), format="json").status_code == 403
    )
    r = api("office_staff", "320412").post(CERTS, _cert_payload(theirs), format="json")
    assert r.status_code == 400 and list(r.json()["errors"]) == ["holder_uscc"]
    # Answered exactly as a USCC that is not registered: the enterprise is not named.
    assert theirs.name not in r.content.decode()
    missing = {**_cert_payload(theirs), "holder_uscc": make_uscc("320411", "99999999")}
    r2 = api("office_staff", "320412").post(CERTS, missing, format="json")
    assert r2.status_code == 400
    assert r.json()["errors"]["holder_uscc"] == [
        m.replace(missing["holder_uscc"], theirs.uscc) for m in r2.json()["errors"]["holder_uscc"]
    ]
    cert = make_certificate(theirs)
    r = api("office_staff", "320412").patch(f"{CERTS}{cert.pk}/", {"scope": "x"}, format="json")
    assert r.status_code == 404
    assert api("office_staff", "320412").delete(f"{CERTS}{cert.pk}/").status_code in (403, 404, 405)
    assert not Certificate.objects.filter(number="2024010101234567").exists()


def test_instrument_create_with_its_last_verification(api, make_enterprise):
    owner = make_enterprise("320412001")
    client = api("office_staff", "320412")
    r = client.post(
        INSTRUMENTS,
        {
            "owner_uscc": owner.uscc,
            "category": "03",
            "serial": "JY-001",
            "in_use_from": "2023-01-01",
            "last_verified_on": "2024-10-08",
            "last_result": "pass",
            "verifier": "常州市计量测试技术研究所",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["mode"] == "periodic" and data["period_months"] == 6
    assert data["next_due_on"] == "2025-04-08"
    v = Verification.objects.get()
    assert v.verifier == "常州市计量测试技术研究所" and v.instrument_id == data["id"]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"category": "99"}, "category"),
        ({"last_result": ""}, "non_field_errors"),
        ({"in_use_from": "2999-01-01"}, "in_use_from"),
        ({"last_verified_on": "2999-01-01"}, "last_verified_on"),
        ({"mode": "periodic", "category": "0601"}, "period_months"),
    ],
)
def test_bad_instruments_are_refused(api, make_enterprise, over, field):
    owner = make_enterprise("320412001")
    payload = {
        "owner_uscc": owner.uscc, "category": "1101", "serial": "X1", "in_use_from": "2023-01-01",
        "last_verified_on": "2024-01-01", "last_result": "pass",
    }  # fmt: skip
    payload.update(over)
    r = api("office_staff", "320412").post(INSTRUMENTS, payload, format="json")
    assert r.status_code == 400 and list(r.json()["errors"]) == [field], r.json()
    assert not Instrument.objects.exists()


def test_instrument_filters_and_overdue_flag(api, make_enterprise, make_instrument):
    today = timezone.localdate()
    e = make_enterprise("320412001")
    late = make_instrument(e, "1101", serial="LATE", verified_on=today - timedelta(days=400))
    soon = make_instrument(e, "1101", serial="SOON", verified_on=today - timedelta(days=350))
    make_instrument(e, "0601", serial="WATER", verified_on=today - timedelta(days=900))
    make_instrument(e, "1601", serial="OFF", status="stopped", verified_on=date(2020, 1, 1))
    client = api("viewer", "320412")

    def serials(**q):
        r = client.get(INSTRUMENTS, q)
        assert r.status_code == 200, r.json()
        return sorted(x["serial"] for x in r.json()["results"])

    assert serials(overdue="true") == ["LATE"]
    assert serials(due_within=30) == ["SOON"]
    assert serials(category="06") == ["WATER"] and serials(category="0601") == ["WATER"]
    assert serials(mode="first_only") == ["WATER"]
    assert serials(status="stopped") == ["OFF"]
    item = client.get(f"{INSTRUMENTS}{late.pk}/").json()
    assert item["overdue"] is True
    assert client.get(f"{INSTRUMENTS}{soon.pk}/").json()["overdue"] is False


def test_recording_a_verification(api, make_enterprise, make_instrument):
    mine = make_instrument(make_enterprise("320412001"), "1601", verified_on=date(2024, 1, 5))
    theirs = make_instrument(make_enterprise("320411002"), "1601")
    client = api("office_staff", "320412")
    r = client.post(
        VERIFICATIONS,
        {"instrument": mine.pk, "verified_on": "2024-07-01", "result": "pass"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["next_due_on"] == "2025-01-01"
    mine.refresh_from_db()
    assert mine.next_due_on == date(2025, 1, 1)
    r = client.post(
        VERIFICATIONS,
        {"instrument": theirs.pk, "verified_on": "2024-07-01", "result": "pass"},
        format="json",
    )
    assert r.status_code == 400 and not theirs.verifications.exists()
    viewer = api("viewer", "320412")
    assert viewer.get(VERIFICATIONS, {"instrument": mine.pk}).json()["count"] == 1
    r = viewer.post(
        VERIFICATIONS, {"instrument": mine.pk, "verified_on": "2024-08-01", "result": "pass"}
    )
    assert r.status_code == 403
    assert api("viewer", "320411").get(VERIFICATIONS).json()["count"] == 0


def test_reference_lists(api, catalogues):
    client = api("viewer", "320412")
    kinds = client.get("/api/certificate-kinds/").json()
    assert {k["code"] for k in kinds} >= {"ccc", "production_licence", "iso9001"}
    items = client.get("/api/instrument-categories/").json()
    assert any(i["code"] == "0601" and i["parent"] == "06" for i in items)
    assert api("system_admin", "320412").get("/api/certificate-kinds/").status_code == 403
