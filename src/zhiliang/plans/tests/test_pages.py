import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhiliang.plans.models import Plan

DOCS = Path(__file__).resolve().parents[4].parent / "shared" / "policy-extraction" / "docs"
pytestmark = pytest.mark.skipif(
    not DOCS.exists(), reason="the shared folder is not beside the checkout"
)


def _fields(html: str) -> dict:
    """The review form as a browser would submit it untouched (ticked boxes, selected options)."""
    data = {}
    for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*>', html):
        tag, name = m.group(0), m.group(1)
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name] = value.group(1) if value else ""
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', m.group(2))
        data[m.group(1)] = selected.group(1) if selected else ""
    text = re.search(r'<textarea name="source_text" hidden>(.*?)</textarea>', html, re.S).group(1)
    import html as html_lib

    data["source_text"] = html_lib.unescape(text)
    data.pop("csrfmiddlewaretoken", None)
    return {k: html_lib.unescape(v) for k, v in data.items()}


def _review(client, clerk, doc: str) -> tuple[str, dict]:
    """Log in as the clerk, paste a labelled document, and return its review form's fields."""
    client.force_login(clerk)
    text = (DOCS / doc).read_text()
    page = client.post(reverse("plans:new"), {"text": text, "region": clerk.jurisdiction.pk})
    return text, _fields(page.content.decode())


@pytest.fixture
def clerk(make_user, make_org):
    make_org("320412", "常州市武进区市场监督管理局")
    make_org("320412", "常州市武进区发展和改革局")
    return make_user(
        "office_staff", "320412", organization=make_org("320412", "武进区质量办", kind="office")
    )


def test_paste_review_confirm_and_board(client, clerk):
    client.force_login(clerk)
    text = (DOCS / "001_8a852f39fcf6f680.txt").read_text()
    page = client.post(reverse("plans:new"), {"text": text, "region": clerk.jurisdiction.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-items="t0' in html and "主要农产品质量安全抽检合格率" in html
    assert "区市场监管局 → 常州市武进区市场监督管理局" in html  # resolved to the district bureau
    assert not Plan.objects.exists()  # nothing stored before confirmation
    data = _fields(html)
    data["t0-accept"] = ""  # the reviewer rejects the first target
    response = client.post(reverse("plans:confirm"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:detail", args=[plan.pk]
    )
    assert plan.targets.count() == 26 and plan.tasks.count() == 10 and plan.phases.count() == 4
    assert plan.doc_number == "贵政办〔2018〕22号"
    lead = plan.tasks.get(title="大力提升产品质量").task_units.get(role="lead").organization
    assert lead.name == "常州市武进区市场监督管理局"
    board = client.get(response["Location"]).content.decode()
    assert "大力提升产品质量" in board and 'id="chart-phases"' in board
    again = client.post(
        reverse("plans:new"), {"text": text, "region": clerk.jurisdiction.pk}
    ).content.decode()
    assert 'id="already-imported"' in again


def test_upload_a_file_and_bad_files(client, clerk):
    client.force_login(clerk)
    raw = (DOCS / "000_dc6631377d0cf53b.txt").read_text().encode("gb18030")
    page = client.post(
        reverse("plans:new"),
        {"file": SimpleUploadedFile("doc.txt", raw), "region": clerk.jurisdiction.pk},
    )
    assert page.status_code == 200 and "主要工业产品的标准覆盖率" in page.content.decode()
    for name, content in [
        ("x.txt", b""),
        ("x.exe", b"MZ\x90\x00"),
        ("x.txt", bytes(range(256)) * 40),
    ]:
        page = client.post(
            reverse("plans:new"),
            {"file": SimpleUploadedFile(name, content), "region": clerk.jurisdiction.pk},
        )
        assert page.status_code == 200 and 'id="source-error"' in page.content.decode(), name
    assert not Plan.objects.exists()


def test_other_district_plans_are_404_and_viewers_cannot_add(client, clerk, make_user):
    client.force_login(clerk)
    text = (DOCS / "000_dc6631377d0cf53b.txt").read_text()
    data = _fields(
        client.post(
            reverse("plans:new"), {"text": text, "region": clerk.jurisdiction.pk}
        ).content.decode()
    )
    client.post(reverse("plans:confirm"), data)
    plan = Plan.objects.get()
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    client.force_login(make_user("viewer", "320412"))
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:new")).status_code == 403


def test_reporter_sees_own_tasks_and_reports_with_evidence(client, clerk, make_user, make_org):
    from zhiliang.core.models import Organization
    from zhiliang.plans.models import ProgressReport, Task

    text, data = _review(client, clerk, "001_8a852f39fcf6f680.txt")
    client.post(reverse("plans:confirm"), data)
    market = Organization.objects.get(name="常州市武进区市场监督管理局")
    reporter = make_user("department_reporter", "320412", organization=market)
    client.force_login(reporter)
    page = client.get(reverse("plans:my-tasks")).content.decode()
    task = Task.objects.get(title="大力提升产品质量")
    other = Task.objects.exclude(task_units__organization=market).first()
    assert task.title in page and other.title not in page
    pdf = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00not a jpeg")
    r = client.post(
        reverse("plans:report", args=[task.pk]),
        {
            "status": "in_progress",
            "reported_on": "2026-11-01",
            "narrative": "已开展抽查",
            "files": [pdf, fake],
        },
    )
    assert r.status_code == 200 and 'id="report-error"' in r.content.decode()
    assert not ProgressReport.objects.exists()  # the bad file stopped the whole report
    pdf.seek(0)
    r = client.post(
        reverse("plans:report", args=[task.pk]),
        {
            "status": "in_progress",
            "reported_on": "2026-11-01",
            "narrative": "已开展抽查",
            "files": [pdf],
        },
    )
    assert r.status_code == 302
    report = ProgressReport.objects.get()
    assert report.organization == market and report.evidence.get().kind == "pdf"
    r = client.post(
        reverse("plans:report", args=[other.pk]),
        {"status": "done", "reported_on": "2026-11-01", "narrative": "x"},
    )
    assert r.status_code == 200 and 'id="report-error"' in r.content.decode()


def test_notices_issue_answer_close_through_the_pages(
    client, clerk, make_user, make_org, time_machine
):
    from datetime import date

    from zhiliang.core.models import Organization
    from zhiliang.plans.models import SupervisionNotice, Task
    from zhiliang.plans.services import notices_draft_overdue

    time_machine.move_to("2026-11-21 10:00 +08:00")  # the day the scenario is set on
    text, data = _review(client, clerk, "001_8a852f39fcf6f680.txt")
    first = next(k for k in data if k.endswith("-due_on"))
    data[first] = "2026-01-31"
    client.post(reverse("plans:confirm"), data)
    task = Task.objects.get(due_on=date(2026, 1, 31))
    assert notices_draft_overdue(today=date(2026, 11, 21)) >= 1
    notice = SupervisionNotice.objects.filter(task=task).first()
    client.post(
        reverse("plans:notice-action", args=[notice.pk, "issue"]), {"respond_by": "2026-11-28"}
    )
    notice.refresh_from_db()
    assert notice.status == "issued"
    unit_user = make_user(
        "department_reporter",
        "320412",
        organization=Organization.objects.get(pk=notice.to_organization_id),
    )
    client.force_login(unit_user)
    assert str(notice.task.title) in client.get(reverse("plans:notices")).content.decode()
    client.post(
        reverse("plans:notice-action", args=[notice.pk, "respond"]), {"response": "已完成整改"}
    )
    client.force_login(clerk)
    client.post(reverse("plans:notice-action", args=[notice.pk, "close"]))
    notice.refresh_from_db()
    assert (notice.status, notice.response) == ("closed", "已完成整改")
    client.force_login(make_user("office_staff", "320411"))
    assert client.post(reverse("plans:notice-action", args=[notice.pk, "close"])).status_code == 404


def test_task_table_exports_from_the_board(client, clerk, make_user):
    import io

    from docx import Document
    from openpyxl import load_workbook

    text, data = _review(client, clerk, "001_8a852f39fcf6f680.txt")
    client.post(reverse("plans:confirm"), data)
    plan = Plan.objects.get()
    r = client.get(reverse("plans:export", args=[plan.pk, "docx"]))
    table = Document(io.BytesIO(b"".join(r.streaming_content))).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "任务",
        "牵头单位",
        "配合单位",
        "完成时限",
        "进展",
    ]
    assert len(table.rows) == 1 + plan.tasks.count()
    r = client.get(reverse("plans:export", args=[plan.pk, "xlsx"]))
    rows = list(
        load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True)
    )
    assert any(row and "大力提升产品质量" in row for row in rows)
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(reverse("plans:export", args=[plan.pk, "docx"])).status_code == 404


def test_the_same_document_again_updates_its_plan_and_keeps_reports(client, clerk):
    from zhiliang.plans.models import ProgressReport, Target

    text, data = _review(client, clerk, "001_8a852f39fcf6f680.txt")
    client.post(reverse("plans:confirm"), data)
    plan = Plan.objects.get()
    names = list(plan.targets.values_list("indicator_text", flat=True))
    unique = [i for i, n in enumerate(names) if names.count(n) == 1]  # restated ones would re-match
    reported = plan.targets.get(order=unique[0])
    ProgressReport.objects.create(
        plan=plan,
        target=reported,
        organization=clerk.organization,
        reported_on="2026-10-01",
        status="in_progress",
        reported_value=95,
        created_by=clerk,
    )
    page = client.post(
        reverse("plans:new"), {"text": text, "region": clerk.jurisdiction.pk}
    ).content.decode()
    assert 'id="already-imported"' in page and 'name="update_plan"' in page
    again = _fields(page)
    again[f"t{unique[0]}-accept"] = ""  # untick the reported target: it must stay
    again[f"t{unique[1]}-accept"] = ""  # untick an unreported one: it goes
    again["meta-title"] = "更新后的标题"
    r = client.post(reverse("plans:confirm"), again)
    assert r.status_code == 302 and Plan.objects.count() == 1
    plan.refresh_from_db()
    assert plan.title == "更新后的标题" and plan.targets.count() == 26
    assert Target.objects.filter(pk=reported.pk).exists() and reported.reports.count() == 1
