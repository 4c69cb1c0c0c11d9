"""The penalty and listing API: by USCC and bureau name, clear refusals, the actions."""

from datetime import date

import pytest

from zhiliang.penalties.models import AbnormalListing, Penalty

PENALTIES, LISTINGS = "/api/penalties/", "/api/abnormal-listings/"


@pytest.fixture
def clerk_api(api, clerk):
    return api(user=clerk)


def _penalty(firm, bureau, **extra):
    return {
        "decision_number": "常武市监罚〔2025〕88号", "enterprise_uscc": firm.uscc,
        "enforcing_body": bureau.name, "kind": "fine", "fine_amount": "20000",
        "decided_on": "2025-04-01", "legal_basis": "《产品质量法》第五十条", **extra,
    }  # fmt: skip


@pytest.mark.english
def test_create_a_penalty_by_uscc_and_bureau_name(clerk_api, firm, bureau):
    response = clerk_api.post(PENALTIES, _penalty(firm, bureau), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["enforcing_body"] == bureau.pk and body["kind_name"] == "fine"
    assert body["public_until"] == "2028-04-01" and body["publish_by"] == "2025-04-29"
    again = clerk_api.post(PENALTIES, _penalty(firm, bureau), format="json")
    assert again.status_code == 400
    assert "already has a decision numbered" in again.json()["errors"]["decision_number"][0]
    assert Penalty.objects.count() == 1


@pytest.mark.english
def test_bad_penalties_say_why(clerk_api, firm, bureau, make_enterprise):
    theirs = make_enterprise("320411")
    cases = [
        (_penalty(firm, bureau, kind="flogging"), "kind", "Unknown kind of penalty"),
        (_penalty(firm, bureau, decided_on="2999-01-01"), "decided_on", "future"),
        (_penalty(firm, bureau, decided_on="2015-01-01"), "decided_on", "established"),
        (_penalty(theirs, bureau), "enterprise_uscc", "No enterprise with USCC"),
        (_penalty(firm, bureau, enforcing_body="某某局"), "enforcing_body", "No organisation"),
    ]
    for data, field, text in cases:
        response = clerk_api.post(PENALTIES, data, format="json")
        assert response.status_code == 400, data
        assert text in " ".join(response.json()["errors"][field]), response.json()
    assert not Penalty.objects.exists()


@pytest.mark.english
def test_overturn_action(clerk_api, make_penalty, api):
    penalty = make_penalty()
    url = f"{PENALTIES}{penalty.pk}/overturn/"
    other = api("office_staff", "320411")
    assert other.post(url, {"on": "2025-05-01", "reason": "x"}).status_code == 404
    assert api("viewer", "320412").post(url, {"on": "2025-05-01", "reason": "x"}).status_code == 403
    response = clerk_api.post(url, {"on": "2025-05-01", "reason": "行政复议撤销"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "overturned"
    assert response.json()["public_until"] == "2025-05-01"


@pytest.mark.english
def test_listings_need_a_legal_basis_and_are_removed_by_action(clerk_api, firm, bureau):
    data = {
        "enterprise_uscc": firm.uscc, "reason": "annual_report", "listed_on": "2025-07-01",
        "deciding_body": bureau.pk,
    }  # fmt: skip
    response = clerk_api.post(LISTINGS, data, format="json")
    assert response.status_code == 400
    assert "legal basis" in response.json()["errors"]["legal_basis"][0]
    response = clerk_api.post(LISTINGS, {**data, "legal_basis": "暂行条例第八条"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    again = clerk_api.post(LISTINGS, {**data, "legal_basis": "暂行条例第八条"}, format="json")
    assert "already listed for this reason" in again.json()["errors"]["reason"][0]
    removed = clerk_api.post(f"{LISTINGS}{pk}/remove/", {"on": "2025-08-01", "reason": "已补报"})
    assert removed.status_code == 200 and removed.json()["removed_on"] == "2025-08-01"
    assert AbnormalListing.objects.get(pk=pk).history.count() == 2
    assert date(2025, 8, 1) == AbnormalListing.objects.get(pk=pk).removed_on
