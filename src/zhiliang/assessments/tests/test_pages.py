"""Pages: schemes, run, result, decide, publish, exports, target board; jurisdiction on each."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from zhiliang.assessments import services
from zhiliang.assessments.choices import TargetState
from zhiliang.assessments.models import AssessmentResult, ItemScore, TargetLink
from zhiliang.core.models import Region

pytestmark = pytest.mark.django_db


def test_scheme_pages_and_run(login, office, scheme, changzhou_values):
    c = login(office)
    assert scheme.name in c.get(reverse("assessments:schemes")).content.decode()
    page = c.get(reverse("assessments:scheme", args=[scheme.pk])).content.decode()
    assert "run-form" in page and "监督抽查合格率" in page
    resp = c.post(
        reverse("assessments:run", args=[scheme.pk]),
        {
            "region": Region.objects.get(code="3204").pk,
            "subject_kind": "region",
            "period": "2025/2026",
        },
    )
    result = AssessmentResult.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("assessments:result", args=[result.pk])
    bad = c.post(
        reverse("assessments:run", args=[scheme.pk]),
        {
            "region": Region.objects.get(code="3204").pk,
            "subject_kind": "region",
            "period": "2025/2027",
        },
    )
    assert bad.status_code == 400 and AssessmentResult.objects.count() == 1


def test_scheme_page_scoped(login, make_user, scheme):
    c = login(make_user("office_staff", "3201"))
    assert scheme.name not in c.get(reverse("assessments:schemes")).content.decode()
    assert c.get(reverse("assessments:scheme", args=[scheme.pk])).status_code == 404
    assert c.post(reverse("assessments:run", args=[scheme.pk]), {}).status_code == 404


def test_result_page_decide_publish(login, office, draft, django_assert_max_num_queries):
    c = login(office)
    url = reverse("assessments:result", args=[draft.pk])
    with django_assert_max_num_queries(20):
        page = c.get(url).content.decode()
    assert "chart-ranking" in page and "天宁区" in page and 'id="publish"' in page
    c.post(reverse("assessments:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"  # manual checks undecided
    for s in ItemScore.objects.filter(entry__result=draft, kind="manual"):
        c.post(reverse("assessments:decide", args=[s.pk]), {"passed": "1", "note": "台账"})
    c.post(reverse("assessments:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert 'id="publish"' not in c.get(url).content.decode()


def test_pages_name_indicators_without_their_keys(login, office, scheme, draft):
    """Leaders read these pages: an indicator is named, its internal key stays in links."""
    import re

    c = login(office)
    for url in (
        reverse("assessments:result", args=[draft.pk]),
        reverse("assessments:scheme", args=[scheme.pk]),
    ):
        text = re.sub(r"<[^>]+>", " ", c.get(url).content.decode())
        assert "sampling.pass_rate" not in text and "监督抽查合格率" in text, url


def test_viewer_sees_no_draft_and_cannot_decide(login, make_user, draft):
    viewer = login(make_user("viewer", "3204"))
    assert viewer.get(reverse("assessments:result", args=[draft.pk])).status_code == 404
    score = ItemScore.objects.filter(entry__result=draft, kind="manual").first()
    assert (
        viewer.post(reverse("assessments:decide", args=[score.pk]), {"passed": "1"}).status_code
        == 403
    )
    assert viewer.post(reverse("assessments:publish", args=[draft.pk])).status_code == 403


def test_other_city_gets_404(login, make_user, draft):
    c = login(make_user("office_staff", "3201"))
    assert c.get(reverse("assessments:result", args=[draft.pk])).status_code == 404
    assert c.get(reverse("assessments:export", args=[draft.pk, "xlsx"])).status_code == 404
    score = ItemScore.objects.filter(entry__result=draft, kind="manual").first()
    assert (
        c.post(reverse("assessments:decide", args=[score.pk]), {"passed": "1"}).status_code == 404
    )
    assert c.post(reverse("assessments:publish", args=[draft.pk])).status_code == 404


def test_exports(login, office, draft):
    from docx import Document
    from openpyxl import load_workbook

    c = login(office)
    resp = c.get(reverse("assessments:export", args=[draft.pk, "xlsx"]))
    wb = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    ranking = wb["排名"]
    assert ranking["B2"].value == "被考核单位"
    assert {ranking.cell(row=r, column=2).value for r in range(3, 9)} >= {"天宁区", "武进区"}
    assert wb["分项明细"].max_row == 1 + 6 * 4
    resp = c.get(reverse("assessments:export", args=[draft.pk, "docx"]))
    doc = Document(io.BytesIO(b"".join(resp.streaming_content)))
    assert "考核结果" in doc.paragraphs[0].text
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=1)
    summary = doc.tables[0]
    assert summary.rows[0].cells[1].text == "被考核单位" and len(summary.rows) == 7
    assert len(doc.tables) == 7  # summary + one per district
    assert c.get(reverse("assessments:export", args=[draft.pk, "pdf"])).status_code == 404


def test_evidence_download_scoped(login, office, make_user, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    score = ItemScore.objects.filter(entry__result=draft, kind="manual").first()
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 x")
    services.itemscore_decide(actor=office, score=score, passed=True, files=[pdf])
    ev = score.evidence.get()
    url = reverse("assessments:evidence", args=[score.pk, ev.pk])
    assert login(office).get(url).status_code == 200
    assert login(make_user("office_staff", "3201")).get(url).status_code == 404


# -- target board -------------------------------------------------------------------------


@pytest.fixture
def plan(make_user, regions):
    from zhiliang.plans.models import Plan, Target

    plan = Plan.objects.create(
        title="常州市质量提升行动方案",
        region=Region.objects.get(code="3204"),
        source_text="…",
        source_hash="y" * 64,
        period_end=date(2026, 12, 31),
        created_by=make_user("office_staff", "3204"),
    )
    for i, (text, value) in enumerate(
        [("产品质量监督抽查合格率", 90), ("特种设备定期检验率", 100), ("省名牌产品", 300)]
    ):
        Target.objects.create(
            plan=plan, indicator_text=text, comparator=">=", value=value, unit="%", order=i
        )
    return plan


def test_target_board_suggests_and_confirms(login, office, plan, indicators, set_value):
    c = login(office)
    url = reverse("assessments:targets", args=[plan.pk])
    page = c.get(url).content.decode()
    assert "sampling.pass_rate" in page and "confirm-link" in page
    target = plan.targets.get(order=0)
    c.post(
        reverse("assessments:link", args=[target.pk]),
        {"indicator": "sampling.pass_rate", "suggested": "1"},
    )
    link = TargetLink.objects.get()
    assert link.indicator.code == "sampling.pass_rate" and link.suggested
    for period, value in (("2026-Q1", 88), ("2026-Q2", 89.5), ("2026-Q3", 91.2)):
        set_value("sampling.pass_rate", "3204", period, value)
    set_value("sampling.pass_rate", "3204", "2026", 95)  # a year figure does not mix in
    page = c.get(url).content.decode()
    assert "(2026-Q3)" in page
    from zhiliang.assessments.selectors import target_board

    board = target_board(user=office, plan_pk=plan.pk, on=date(2026, 11, 21))
    first = board["targets"][0]
    assert first.status.state == TargetState.ACHIEVED
    assert first.status.latest.value == Decimal("91.2")
    assert board["targets"][1].suggestion.code == "equipment.inspection_on_time_rate"
    assert board["targets"][2].suggestion is None


def test_target_board_scoped(login, make_user, plan, indicators):
    url = reverse("assessments:targets", args=[plan.pk])
    assert login(make_user("viewer", "3201")).get(url).status_code == 404
    viewer = login(make_user("viewer", "3204"))
    page = viewer.get(url)
    assert page.status_code == 200 and "confirm-link" not in page.content.decode()
    target = plan.targets.first()
    resp = viewer.post(
        reverse("assessments:link", args=[target.pk]), {"indicator": "sampling.pass_rate"}
    )
    assert resp.status_code == 403 and not TargetLink.objects.exists()
    other = login(make_user("office_staff", "3201"))
    resp = other.post(
        reverse("assessments:link", args=[target.pk]), {"indicator": "sampling.pass_rate"}
    )
    assert resp.status_code == 404


def test_target_board_for_a_district_and_a_date(login, office, plan, indicators, set_value):
    from zhiliang.plans.models import Target

    target = Target.objects.get(plan=plan, order=0)
    services.targetlink_set(actor=office, target=target, indicator=indicators["sampling.pass_rate"])
    for period, value in (("2025-Q4", 84), ("2026-Q1", 86), ("2026-Q2", 88)):
        set_value("sampling.pass_rate", "320412", period, value)
    c = login(office)
    url = reverse("assessments:targets", args=[plan.pk])
    page = c.get(url, {"region": "320412", "on": "2026-08-01"}).content.decode()
    assert "state-on_track" in page and "(2026-Q2)" in page
    # The city has no figures of its own here.
    assert "state-no_data" in c.get(url, {"on": "2026-08-01"}).content.decode()
    assert c.get(url, {"region": "3201"}).status_code == 404
    assert c.get(url, {"region": "32"}).status_code == 404


def test_district_sees_the_published_city_result_it_is_assessed_in(office, make_user, draft):
    """武进区 is ranked in 常州市's result: it sees it once published, never the draft, and
    changes nothing in it; a district of another city sees nothing."""
    from django.test import Client

    def login(user):
        c = Client()
        c.force_login(user)
        return c

    wujin = login(make_user("office_staff", "320412"))
    url = reverse("assessments:result", args=[draft.pk])
    assert wujin.get(url).status_code == 404
    c = login(office)
    for s in ItemScore.objects.filter(entry__result=draft, kind="manual"):
        c.post(reverse("assessments:decide", args=[s.pk]), {"passed": "1", "note": "台账"})
    c.post(reverse("assessments:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"
    page = wujin.get(url)
    assert page.status_code == 200 and "天宁区" in page.content.decode()
    assert wujin.get(reverse("assessments:export", args=[draft.pk, "xlsx"])).status_code == 200
    listed = wujin.get("/api/assessment-results/").json()
    assert [r["id"] for r in listed["results"]] == [draft.pk]
    score = ItemScore.objects.filter(entry__result=draft, kind="manual").first()
    decide = wujin.post(reverse("assessments:decide", args=[score.pk]), {"passed": "0"})
    assert decide.status_code == 404
    assert wujin.post(reverse("assessments:publish", args=[draft.pk])).status_code == 404
    score.refresh_from_db()
    assert score.passed is True
    other = login(make_user("office_staff", "320102"))
    assert other.get(url).status_code == 404
