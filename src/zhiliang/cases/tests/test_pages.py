"""The case pages: timer, lists, detail with its clocks, the forms through the services."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.cases.models import Case
from zhiliang.cases.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_timer_page_counts_late_and_soon_and_filters(client, clerk, make_supervised, make_accident):
    make_supervised()
    accident = make_accident()
    client.force_login(clerk)
    page = client.get(reverse("cases:timer")).content.decode()
    assert "核查立案" in page and "逾期" in page  # the filing clock, late
    page = client.get(reverse("cases:timer"), {"kind": "filing", "state": "late"}).content.decode()
    # The accident's own number, not "SG": a random CSRF token may hold those two letters.
    assert "常市监督〔2026〕1号" in page and accident.number not in page
    assert client.get(reverse("cases:timer"), {"state": "nonsense"}).status_code == 200
    response = client.get(reverse("cases:timer"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) > 2


def test_lists_and_detail_in_chinese_and_english(client, clerk, make_supervised, make_accident):
    accident = make_accident(deaths=3)
    make_supervised()
    client.force_login(clerk)
    page = client.get(reverse("cases:accidents")).content.decode()
    assert accident.number in page and "常市监督" not in page and "较大事故" in page
    page = client.get(reverse("cases:detail", args=[accident.pk])).content.decode()
    assert "事故单位报告" in page and "特种设备事故报告和调查处理规定" in page
    assert "investigation_report" not in page  # no codes shown
    client.cookies["django_language"] = "en"
    page = client.get(reverse("cases:detail", args=[accident.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200


def test_out_of_jurisdiction_is_missing(client, make_user, make_supervised):
    case = make_supervised()
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    response = client.post(reverse("cases:advance", args=[case.pk]), {"to": "filed"})
    assert response.status_code == 404


def test_advance_form_refuses_a_skipped_stage_and_moves_on(client, clerk, make_supervised):
    case = make_supervised()
    client.force_login(clerk)
    url = reverse("cases:advance", args=[case.pk])
    response = client.post(url, {"to": "decided", "at": "2026-03-10T10:00"})
    assert response.status_code == 200  # the page again, with the error
    case.refresh_from_db()
    assert case.stage == "listed"
    response = client.post(url, {"to": "filed", "at": "2026-03-10T10:00", "note": "立案"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "filed" and case.deadlines.get(kind="filing").met_at is not None


def test_accident_form_refuses_the_future_and_records(client, clerk, firm):
    client.force_login(clerk)
    url = reverse("cases:accident-new")
    assert client.get(url).status_code == 200
    data = {
        "title": "锅炉爆炸",
        "opened_at": "2099-01-01T10:00",
        "reported_at": "2026-03-01T10:00",
        "enterprise_uscc": firm.uscc,
        "deaths": 0,
        "injuries": 1,
        "direct_loss": 1000,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Case.objects.exists()
    data["opened_at"] = "2026-03-01T09:30"
    response = client.post(url, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.grade == "general" and case.steps.get().at == at(2026, 3, 1, 10, 0)


def test_interview_and_document_forms(client, clerk, make_supervised):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_supervised()
    client.force_login(clerk)
    response = client.post(
        reverse("cases:interview-add", args=[case.pk]),
        {
            "held_on": "2026-03-05",
            "attendees": "法定代表人",
            "issues": "记录缺失",
            "follow_up_on": "2026-04-05",
        },
    )
    assert response.status_code == 302 and case.interviews.count() == 1
    interview = case.interviews.get()
    url = reverse("cases:interview-check", args=[case.pk, interview.pk])
    assert client.post(url, {"on": "2026-04-01", "result": "已整改"}).status_code == 302
    interview.refresh_from_db()
    assert interview.checked_on is not None
    upload = SimpleUploadedFile("笔录.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(
        reverse("cases:document-add", args=[case.pk]), {"title": "询问笔录", "file": upload}
    )
    assert response.status_code == 302
    document = case.documents.get()
    response = client.get(reverse("cases:document", args=[case.pk, document.pk]))
    assert response.status_code == 200


def test_viewer_sees_no_forms_no_names_and_may_not_post(client, make_user, make_supervised, clerk):
    from datetime import date

    from zhiliang.cases.services import interview_add

    case = make_supervised()
    interview_add(
        actor=clerk,
        case=case,
        data={
            "held_on": date(2026, 3, 5),
            "attendees": "张三（法定代表人）",
            "issues": "记录缺失",
            "follow_up_on": date(2026, 4, 5),
        },
    )
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="advance-form"' not in page and "张三" not in page
    response = client.post(reverse("cases:advance", args=[case.pk]), {"to": "filed"})
    assert response.status_code == 403
