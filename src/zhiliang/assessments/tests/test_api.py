"""API: schemes, results with items, item scores, target links; jurisdiction on each."""

import pytest

from zhiliang.assessments import services
from zhiliang.assessments.models import ItemScore, TargetLink
from zhiliang.core.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(draft, office):
    for s in ItemScore.objects.filter(entry__result=draft, kind="manual"):
        services.itemscore_decide(actor=office, score=s, passed=True)
    return services.result_publish(actor=office, result=draft)


@pytest.fixture
def plan_target(make_user, regions):
    from zhiliang.plans.models import Plan, Target

    plan = Plan.objects.create(
        title="常州市质量提升行动方案",
        region=Region.objects.get(code="3204"),
        source_text="…",
        source_hash="x" * 64,
        created_by=make_user("office_staff", "3204"),
    )
    return Target.objects.create(
        plan=plan, indicator_text="产品质量监督抽查合格率", comparator=">=", value=90, unit="%"
    )


def test_schemes_are_scoped(api, scheme, django_assert_max_num_queries):
    viewer = api("viewer", "3204")
    with django_assert_max_num_queries(10):
        ok = viewer.get("/api/assessment-schemes/")
    assert ok.status_code == 200 and ok.json()["count"] == 1
    assert len(ok.json()["results"][0]["items"]) == 4
    other = api("viewer", "3201")  # 南京市
    assert other.get("/api/assessment-schemes/").json()["count"] == 0
    assert other.get(f"/api/assessment-schemes/{scheme.pk}/").status_code == 404
    # Below the scheme's region: not visible either (a district does not own the city's scheme).
    assert api("viewer", "320412").get(f"/api/assessment-schemes/{scheme.pk}/").status_code == 404


def test_run_through_the_api(api, scheme, changzhou_values):
    office = api("office_staff", "3204")
    resp = office.post(
        f"/api/assessment-schemes/{scheme.pk}/run/", {"region": "3204"}, format="json"
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["version"] == 1 and resp.json()["status"] == "draft"
    bad = office.post(f"/api/assessment-schemes/{scheme.pk}/run/", {"region": "9999"})
    assert bad.status_code == 400
    viewer = api("viewer", "3204")
    assert (
        viewer.post(f"/api/assessment-schemes/{scheme.pk}/run/", {"region": "3204"}).status_code
        == 403
    )
    outsider = api("office_staff", "3201")
    assert (
        outsider.post(f"/api/assessment-schemes/{scheme.pk}/run/", {"region": "3204"}).status_code
        == 404
    )


def test_viewers_see_only_published_results(api, draft, django_assert_max_num_queries):
    office = api("office_staff", "3204")
    assert office.get("/api/assessment-results/").json()["count"] == 1
    viewer = api("viewer", "3204")
    assert viewer.get("/api/assessment-results/").json()["count"] == 0
    assert viewer.get(f"/api/assessment-results/{draft.pk}/").status_code == 404
    with django_assert_max_num_queries(12):
        detail = office.get(f"/api/assessment-results/{draft.pk}/")
    entries = detail.json()["entries"]
    assert len(entries) == 6 and len(entries[0]["scores"]) == 4
    assert entries[0]["rank"] == 1


def test_published_results_are_visible_and_scoped(api, published):
    viewer = api("viewer", "3204")
    assert viewer.get(f"/api/assessment-results/{published.pk}/").status_code == 200
    assert api("viewer", "3201").get(f"/api/assessment-results/{published.pk}/").status_code == 404
    assert api("audit_admin", "3204").get("/api/assessment-results/").status_code == 403


def test_publish_through_the_api(api, draft):
    office = api("office_staff", "3204")
    resp = office.post(f"/api/assessment-results/{draft.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert resp.status_code == 400 and "manual checks" in str(resp.json())
    for s in ItemScore.objects.filter(entry__result=draft, kind="manual"):
        r = office.patch(f"/api/assessment-item-scores/{s.pk}/", {"passed": True, "note": "ok"})
        assert r.status_code == 200, r.content
    assert office.post(f"/api/assessment-results/{draft.pk}/publish/").status_code == 200
    frozen = ItemScore.objects.filter(entry__result=draft, kind="manual").first()
    r = office.patch(
        f"/api/assessment-item-scores/{frozen.pk}/", {"passed": False}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 400 and "frozen" in str(r.json())


def test_item_scores_are_scoped(api, draft):
    score = ItemScore.objects.filter(entry__result=draft, kind="manual").first()
    assert (
        api("office_staff", "3201")
        .patch(f"/api/assessment-item-scores/{score.pk}/", {"passed": True})
        .status_code
        == 404
    )
    viewer = api("viewer", "3204")
    assert viewer.get(f"/api/assessment-item-scores/{score.pk}/").status_code == 404  # draft
    assert (
        viewer.patch(f"/api/assessment-item-scores/{score.pk}/", {"passed": True}).status_code
        == 403
    )
    office = api("office_staff", "3204")
    listed = office.get("/api/assessment-item-scores/", {"result": draft.pk, "kind": "manual"})
    assert listed.json()["count"] == 6
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    outsider = api("office_staff", "3201")
    resp = outsider.post(f"/api/assessment-item-scores/{score.pk}/evidence/", {"file": pdf})
    assert resp.status_code == 404 and not score.evidence.exists()


def test_evidence_upload(api, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    score = ItemScore.objects.filter(entry__result=draft, kind="veto").first()
    office = api("office_staff", "3204")
    pdf = SimpleUploadedFile("事故报告.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    resp = office.post(f"/api/assessment-item-scores/{score.pk}/evidence/", {"file": pdf})
    assert resp.status_code == 201, resp.content
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
    assert (
        office.post(f"/api/assessment-item-scores/{score.pk}/evidence/", {"file": exe}).status_code
        == 400
    )


def test_target_links(api, plan_target, indicators):
    office = api("office_staff", "3204")
    sug = office.get("/api/target-links/suggestions/", {"plan": plan_target.plan_id})
    assert sug.json() == [
        {
            "target": plan_target.pk,
            "target_text": "产品质量监督抽查合格率",
            "indicator": "sampling.pass_rate",
            "linked": None,
        }
    ]
    resp = office.post(
        "/api/target-links/",
        {"target": plan_target.pk, "indicator": "sampling.pass_rate", "suggested": True},
        format="json",
    )
    assert resp.status_code == 201, resp.content
    link = TargetLink.objects.get()
    assert link.confirmed_by == office.user
    plan_target.refresh_from_db()
    assert plan_target.indicator_code == "sampling.pass_rate"
    resp = office.patch(
        f"/api/target-links/{link.pk}/", {"indicator": "operators.certified_rate"}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["indicator"] == "operators.certified_rate"
    # Viewers read, do not write; outsiders do not see the target at all.
    viewer = api("viewer", "3204")
    assert viewer.get("/api/target-links/").json()["count"] == 1
    assert viewer.patch(f"/api/target-links/{link.pk}/", {"indicator": "x"}).status_code == 403
    outsider = api("office_staff", "3201")
    assert outsider.get(f"/api/target-links/{link.pk}/").status_code == 404
    resp = outsider.post(
        "/api/target-links/", {"target": plan_target.pk, "indicator": "sampling.pass_rate"}
    )
    assert resp.status_code == 400 and "target" in resp.json()["errors"]
    assert (
        outsider.get("/api/target-links/suggestions/", {"plan": plan_target.plan_id}).json() == []
    )


def test_target_board_api(api, plan_target, indicators, set_value, office):
    services.targetlink_set(
        actor=office, target=plan_target, indicator=indicators["sampling.pass_rate"]
    )
    for period, value in (("2026-Q1", 80), ("2026-Q2", 81), ("2026-Q3", 80.5)):
        set_value("sampling.pass_rate", "3204", period, value)
    viewer = api("viewer", "3204")
    resp = viewer.get(
        "/api/target-links/board/",
        {"plan": plan_target.plan_id, "on": "2026-11-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert resp.status_code == 200, resp.content
    (row,) = resp.json()
    assert row["indicator"] == "sampling.pass_rate" and row["latest_period"] == "2026-Q3"
    # No deadline on the target or the plan: not met, nothing to project to.
    assert row["status"] == "at_risk" and "no deadline" in row["reason"]
    assert viewer.get("/api/target-links/board/", {"plan": "x"}).status_code == 400
    assert (
        viewer.get(
            "/api/target-links/board/", {"plan": plan_target.plan_id, "on": "soon"}
        ).status_code
        == 400
    )
    outsider = api("viewer", "3201")
    assert (
        outsider.get("/api/target-links/board/", {"plan": plan_target.plan_id}).status_code == 404
    )
    assert (
        viewer.get(
            "/api/target-links/board/", {"plan": plan_target.plan_id, "region": "3201"}
        ).status_code
        == 404
    )
