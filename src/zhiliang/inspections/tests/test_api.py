"""The sampling API: reads scoped by jurisdiction, writes by permission, on every endpoint."""

import datetime as dt

import pytest

from zhiliang.inspections import services
from zhiliang.inspections.models import Draw, FollowUp, Inspector, InspectorConflict, Sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api):
    """The shared API client, asking for English messages (the site default is 简体中文)."""

    def make(*args, **kwargs):
        client = api(*args, **kwargs)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def suzhou(make_user, new_plan, set_quota, catalogue, maker, inspector, record_sample):
    office = make_user("office_staff", "3205")
    plan = new_plan(actor=office, region_code="3205")
    set_quota(plan, catalogue["0101"], 1, actor=office)
    firm = maker(catalogue["0101"], "320506")
    draw = services.draw_run(actor=office, plan=plan, seed=1)
    sample = record_sample(plan, firm, catalogue["0101"], verdict="fail", actor=office)
    fu = services.followup_open(actor=office, sample=sample, notified_on=dt.date.today())
    insp = inspector(region_code="3205")
    return {"plan": plan, "draw": draw, "sample": sample, "follow_up": fu, "inspector": insp}


ENDPOINTS = {
    "inspectors": "inspector",
    "sampling-plans": "plan",
    "draws": "draw",
    "samples": "sample",
    "follow-ups": "follow_up",
}


def test_county_users_see_samples_in_their_county_only(api, world, make_enterprise):
    assert api("viewer", "320412").get("/api/samples/").json()["count"] == 3
    assert api("viewer", "320411").get("/api/samples/").json()["count"] == 0


def test_nested_and_action_endpoints_are_scoped(api, world, suzhou):
    client = api("office_staff", "3204")
    other = suzhou["draw"].pk
    for url in (
        f"/api/draws/{other}/picks/",
        f"/api/draws/{other}/verify/",
        f"/api/sampling-plans/{suzhou['plan'].pk}/quotas/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/api/draws/{other}/publish/").status_code == 404
    assert client.post(f"/api/samples/{suzhou['sample'].pk}/publish/").status_code == 404
    r = client.post(
        f"/api/follow-ups/{suzhou['follow_up'].pk}/transition/", {"action": "object"}, format="json"
    )
    assert r.status_code == 404
    conflicts = client.get("/api/inspector-conflicts/")
    assert conflicts.status_code == 200


def test_inspector_phone_is_masked_for_viewers(api, world):
    pk = world["inspector"].pk
    assert api("viewer", "3204").get(f"/api/inspectors/{pk}/").json()["phone"] == "139****5678"
    assert api("office_staff", "3204").get(f"/api/inspectors/{pk}/").json()["phone"] == (
        "13912345678"
    )


def test_inspector_writes(api, world, office, make_org, make_enterprise):
    client = api("office_staff", "3204")
    org = office.organization
    r = client.post("/api/inspectors/", {"name": "李明", "organization": org.pk}, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert (
        client.patch(f"/api/inspectors/{pk}/", {"active": False}, format="json").status_code == 200
    )
    assert not Inspector.objects.get(pk=pk).active
    # An organisation outside the jurisdiction reads as missing.
    outside = make_org("3205", name="苏州某局")
    r = client.post("/api/inspectors/", {"name": "x", "organization": outside.pk}, format="json")
    assert r.status_code == 400
    assert (
        api("viewer", "3204")
        .post("/api/inspectors/", {"name": "y", "organization": org.pk}, format="json")
        .status_code
        == 403
    )
    ent = make_enterprise("320412")
    r = client.post(
        "/api/inspector-conflicts/",
        {"inspector": pk, "enterprise": ent.pk, "reason": "股东"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    cid = r.json()["id"]
    r = client.post("/api/inspector-conflicts/", {"inspector": pk, "reason": "?"}, format="json")
    assert r.status_code == 400 and "either" in r.json()["message"]
    assert api("viewer", "3204").delete(f"/api/inspector-conflicts/{cid}/").status_code == 403
    assert client.delete(f"/api/inspector-conflicts/{cid}/").status_code == 204
    assert not InspectorConflict.objects.filter(pk=cid).exists()


def test_plan_and_quota_writes(api, world, office, catalogue, regions):
    client = api("office_staff", "3204")
    r = client.post(
        "/api/sampling-plans/",
        {
            "name": "2025 专项",
            "level": "city",
            "year": 2025,
            "authority": office.organization.pk,
            "region": "3204",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["random_share"] == "0.200" and r.json()["team_size"] == 2
    r = client.post(
        f"/api/sampling-plans/{pk}/quotas/",
        {"product": "0101", "region": "320412", "quota": 4},
        format="json",
    )
    assert r.status_code == 200 and r.json()[0]["quota"] == 4
    r = client.post(
        f"/api/sampling-plans/{pk}/quotas/",
        {"product": "0101", "region": "320506", "quota": 4},
        format="json",
    )
    # A region outside the jurisdiction (苏州) is not one the office can name.
    assert r.status_code == 400 and r.json()["errors"]["region"] == ["Not found."]
    r = client.patch(f"/api/sampling-plans/{pk}/", {"random_share": "2"}, format="json")
    assert r.status_code == 400
    viewer = api("viewer", "3204")
    assert viewer.get(f"/api/sampling-plans/{pk}/quotas/").status_code == 200
    assert (
        viewer.post(
            f"/api/sampling-plans/{pk}/quotas/",
            {"product": "0101", "region": "320412", "quota": 1},
            format="json",
        ).status_code
        == 403
    )
    assert (
        viewer.patch(f"/api/sampling-plans/{pk}/", {"name": "x"}, format="json").status_code == 403
    )


def test_draw_run_picks_verify_publish_and_immutability(api, world, record_sample, catalogue):
    client = api("office_staff", "3204")
    plan = world["plan"]
    record_sample(plan, world["unsampled"][0], catalogue["0101"])  # a month ago
    r = client.post("/api/draws/", {"plan": plan.pk, "seed": 42}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    # Same seed, but the sample taken since bars its enterprise (the 6-month rule).
    assert body["seed"] == 42 and body["result_digest"] != world["draw"].result_digest
    assert (
        body["summary"][0]["pool_size"] == 7 == world["draw"].result["quotas"][0]["pool_size"] - 1
    )
    pk = body["id"]
    picks = client.get(f"/api/draws/{pk}/picks/").json()["results"]
    assert len(picks) == 4 and {p["share"] for p in picks} <= {"random", "weighted"}
    assert all(len(p["inspectors"]) == 2 for p in picks)
    v = client.post(f"/api/draws/{pk}/verify/").json()
    assert v["verified"] is True and "verified" in v["message"]
    assert api("viewer", "3204").post(f"/api/draws/{pk}/publish/").status_code == 403
    assert (
        api("inspector", "3204").post("/api/draws/", {"plan": plan.pk}, format="json").status_code
        == 403
    )
    r = client.post(f"/api/draws/{pk}/publish/")
    assert r.status_code == 200 and r.json()["published"] is True
    again = client.post(f"/api/draws/{pk}/publish/")
    assert again.status_code == 400 and "cannot change" in again.json()["message"]
    assert client.delete(f"/api/draws/{pk}/").status_code == 400
    # No one may change a draw: there is no right to, nor a method for it.
    assert client.patch(f"/api/draws/{pk}/", {"seed": 1}, format="json").status_code in (403, 405)
    assert client.put(f"/api/draws/{pk}/", {"seed": 1}, format="json").status_code in (403, 405)
    assert Draw.objects.get(pk=pk).seed == 42
    # An unpublished draw may be discarded.
    r = client.post("/api/draws/", {"plan": plan.pk}, format="json")
    assert client.delete(f"/api/draws/{r.json()['id']}/").status_code == 204


def test_sample_writes_and_publish(api, world, catalogue):
    client = api("inspector", "320412")
    firm = world["unsampled"][0]
    before = Sample.objects.count()
    payload = {
        "plan": world["plan"].pk,
        "enterprise": firm.pk,
        "product": "0101",
        "sampled_on": "2025-04-02",
        "brand": "雪花",
        "test_items": [
            {"item": "能效等级", "standard": "GB 12021.2", "verdict": "pass"},
            {"item": "噪声", "verdict": "fail", "measured_value": "48", "unit": "dB(A)"},
        ],
    }
    r = client.post("/api/samples/", payload, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (
        body["verdict"] == "fail"
        and len(body["test_items"]) == 2
        and body["region"] == (firm.region.code)
        and body["test_items"][1]["unit"] == "dB(A)"
    )
    pk = body["id"]
    bad = {**payload, "verdict": "pass"}
    r = client.post("/api/samples/", bad, format="json")
    assert r.status_code == 400 and "disagrees" in r.json()["message"]
    r = client.patch(
        f"/api/samples/{pk}/", {"test_items": [{"item": "噪声", "verdict": "pass"}]}, format="json"
    )
    assert r.status_code == 200 and r.json()["verdict"] == "pass"
    # An item still pending leaves the sample pending; calling it passed is refused.
    pending = [{"item": "噪声", "verdict": "pass"}, {"item": "能效", "verdict": "pending"}]
    r = client.patch(
        f"/api/samples/{pk}/", {"test_items": pending, "verdict": "pass"}, format="json"
    )
    assert r.status_code == 400 and "disagrees" in r.json()["message"]
    r = client.patch(f"/api/samples/{pk}/", {"test_items": pending}, format="json")
    assert r.status_code == 200 and r.json()["verdict"] == "pending"
    r = client.patch(
        f"/api/samples/{pk}/", {"test_items": [{"item": "噪声", "verdict": "pass"}]}, format="json"
    )
    # Inspectors record; publishing is for the office.
    assert client.post(f"/api/samples/{pk}/publish/").status_code == 403
    office = api("office_staff", "3204")
    assert office.post(f"/api/samples/{pk}/publish/").status_code == 200
    r = client.patch(f"/api/samples/{pk}/", {"brand": "x"}, format="json")
    assert r.status_code == 400 and "published" in r.json()["message"]
    # An enterprise outside the user's jurisdiction reads as missing.
    r = api("inspector", "320411").post("/api/samples/", payload, format="json")
    assert r.status_code == 400
    # So does a plan of another city.
    r = api("inspector", "3205").post("/api/samples/", payload, format="json")
    assert r.status_code == 400 and "plan" in r.json()["errors"]
    assert Sample.objects.count() == before + 1


def test_follow_up_open_and_transition(api, world, office, catalogue, record_sample):
    client = api("inspector", "3204")
    failed = record_sample(world["plan"], world["unsampled"][0], catalogue["0101"], verdict="fail")
    fu = services.followup_open(actor=office, sample=failed, notified_on=dt.date.today())
    # Today is inside the objection window: objecting is open, rectification needs a waiver.
    offered = {o["action"]: o for o in client.get(f"/api/follow-ups/{fu.pk}/").json()["next_steps"]}
    assert offered["object"]["allowed"] and offered["object"]["due_on"] == str(fu.objection_due_on)
    assert offered["order_rectification"]["needs_waiver"]
    r = client.post(f"/api/follow-ups/{fu.pk}/transition/", {"action": "object"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "retest" and len(r.json()["steps"]) == 2
    r = client.post(
        f"/api/follow-ups/{fu.pk}/transition/", {"action": "reinspect_pass"}, format="json"
    )
    assert r.status_code == 400 and "not possible" in r.json()["message"]
    r = client.post(f"/api/follow-ups/{fu.pk}/transition/", {"action": "fly"}, format="json")
    assert r.status_code == 400
    viewer = api("viewer", "3204")
    r = viewer.post(
        f"/api/follow-ups/{fu.pk}/transition/", {"action": "retest_pass"}, format="json"
    )
    assert r.status_code == 403
    # Evidence as a file upload.
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        f"/api/follow-ups/{fu.pk}/transition/",
        {
            "action": "retest_fail",
            "note": "复检不合格",
            "evidence": SimpleUploadedFile("r.pdf", b"%PDF-1.4"),
        },
        format="multipart",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "rectification" and r.json()["steps"][-1]["evidence"]
    other = record_sample(world["plan"], world["unsampled"][1], catalogue["0101"], verdict="fail")
    r = client.post(
        "/api/follow-ups/", {"sample": other.pk, "notified_on": dt.date.today().isoformat()},
        format="json",
    )  # fmt: skip
    assert (
        r.status_code == 201
        and r.json()["objection_due_on"] == (dt.date.today() + dt.timedelta(days=15)).isoformat()
    )
    assert FollowUp.objects.count() == 3


def test_list_query_counts_stay_flat(
    api, world, django_assert_max_num_queries, record_sample, catalogue
):
    for firm in world["unsampled"]:
        record_sample(world["plan"], firm, catalogue["0101"], verdict="fail")
    client = api("viewer", "3204")
    for url in (
        "/api/samples/",
        "/api/follow-ups/",
        "/api/inspectors/",
        "/api/sampling-plans/",
        "/api/draws/",
        f"/api/draws/{world['draw'].pk}/picks/",
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
