import io

import pytest
from openpyxl import load_workbook

from zhiliang.indicators.models import ComputeRun, ReportedValue

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_catalogue_page(login, catalogue):
    r = login("viewer", "3204").get("/indicators/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "enterprise.cqo_share" in html and "顾客满意度指数" in html
    r = login("viewer", "3204").get("/indicators/", {"kind": "reported"})
    assert "enterprise.cqo_share" not in r.content.decode()


def test_explorer_ranks_children_and_shows_formula(login, computed, django_assert_max_num_queries):
    client = login("viewer", "3204")
    with django_assert_max_num_queries(15):
        r = client.get("/indicators/enterprise.cqo_share/", {"period": "2024-Q2"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "设立首席质量官的在业企业数" in html  # the formula beside the figure
    assert 'id="chart-ranking"' in html and "武进区" in html and "新北区" in html
    ranking = r.context["data"].children
    assert [v.region.code for v in ranking][:2] == ["320412", "320402"] or ranking[0].value == 50
    assert r.context["data"].own.value == 40


def test_explorer_drills_down_and_defaults_period(login, computed):
    client = login("viewer", "3204")
    r = client.get("/indicators/enterprise.count/", {"region": "320412"})
    data = r.context["data"]
    assert data.period == "2025"  # the latest year
    assert {v.region.code for v in data.children} >= {"320412001", "320412002"}
    assert [p.code for p in data.path] == ["3204", "320412"]
    assert {v.period for v in data.trend} == {"2023", "2024", "2025"}


def test_explorer_outside_jurisdiction_is_404(login, computed):
    client = login("viewer", "320412")
    assert client.get("/indicators/enterprise.count/", {"region": "320411"}).status_code == 404
    assert client.get("/indicators/enterprise.count/", {"region": "3204"}).status_code == 404
    assert client.get("/indicators/no.such/").status_code == 404
    r = client.get("/indicators/enterprise.count/")
    assert r.context["data"].region.code == "320412"


def test_admin_roles_cannot_open_pages(login, computed):
    client = login("system_admin", "3204")
    assert client.get("/indicators/enterprise.count/").status_code == 403
    assert client.get("/indicators/runs/").status_code == 403


def test_export_xlsx(login, computed):
    r = login("viewer", "3204").get(
        "/indicators/enterprise.cqo_share/export.xlsx", {"region": "3204", "period": "2024-Q2"}
    )
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row and row[0] == "region code"))
    first = rows[header + 1]
    assert first[:2] == ("3204", "常州市") and first[3:6] == (2, 5, 40)
    assert {row[0] for row in rows[header + 1 :]} >= {"320412", "320411"}


def test_runs_page_and_button(login, world, django_capture_on_commit_callbacks):
    viewer = login("viewer", "3204")
    r = viewer.get("/indicators/runs/")
    assert r.status_code == 200 and b"compute-start" not in r.content
    assert viewer.post("/indicators/runs/start/").status_code == 403
    staff = login("office_staff", "3204")
    assert b"compute-start" in staff.get("/indicators/runs/").content
    r = staff.post("/indicators/runs/start/", {"periods": "2025-13"}, follow=True)
    assert b"2025-13 is not a period" in r.content and not ComputeRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post("/indicators/runs/start/", {"periods": "2025 2025-Q1"}, follow=True)
    assert ComputeRun.objects.get().status == "done"
    r = staff.get("/indicators/runs/", HTTP_HX_REQUEST="true")
    assert b"runs-table" in r.content and b"hx-trigger" not in r.content  # nothing running


def test_reported_value_form(login, catalogue):
    from zhiliang.indicators.models import Indicator

    client = login("department_reporter", "320412")
    assert client.get("/indicators/reported/new/").status_code == 200
    indicator = Indicator.objects.get(code="award.quality_award_enterprises")
    body = {
        "indicator": indicator.pk,
        "region": "320411",
        "period": "2025",
        "value": "3",
        "evidence": "常州市人民政府质量奖名单",
    }
    r = client.post("/indicators/reported/new/", body)
    assert r.status_code == 200 and b"outside your jurisdiction" in r.content
    r = client.post("/indicators/reported/new/", {**body, "region": "320412", "period": "x"})
    assert b"x is not a period" in r.content
    r = client.post("/indicators/reported/new/", {**body, "region": "320412"}, follow=True)
    assert r.redirect_chain and ReportedValue.objects.get().value == 3
    assert "常州市人民政府质量奖名单" in r.content.decode()
    assert login("viewer", "320412").get("/indicators/reported/new/").status_code == 403


def test_reported_attachment_download_is_scoped(login, catalogue, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhiliang.indicators.models import Indicator

    settings.MEDIA_ROOT = tmp_path
    client = login("department_reporter", "320412")
    indicator = Indicator.objects.get(code="brand.famous_products")
    upload = SimpleUploadedFile("list.pdf", b"%PDF-1.4 list", content_type="application/pdf")
    body = {
        "indicator": indicator.pk,
        "region": "320412",
        "period": "2025",
        "value": "5",
        "evidence": "名牌产品公告",
        "attachment": upload,
    }
    client.post("/indicators/reported/new/", body)
    report = ReportedValue.objects.get()
    url = f"/indicators/reported/{report.pk}/attachment/"
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 list"
    assert login("viewer", "320411").get(url).status_code == 404


def test_reported_attachment_must_be_a_document(login, catalogue, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhiliang.indicators.models import Indicator

    settings.MEDIA_ROOT = tmp_path
    client = login("department_reporter", "320412")
    indicator = Indicator.objects.get(code="brand.famous_products")
    body = {
        "indicator": indicator.pk,
        "region": "320412",
        "period": "2025",
        "value": "5",
        "evidence": "名牌产品公告",
        "attachment": SimpleUploadedFile("list.pdf", b"MZ\x90\x00 a program"),
    }
    r = client.post("/indicators/reported/new/", body)
    assert r.status_code == 200 and not ReportedValue.objects.exists()
