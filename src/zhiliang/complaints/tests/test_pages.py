"""The complaint pages: list with counts and export, new, accept and close, the enterprise's
section. Jurisdiction, filters and query counts are in core/tests/test_lists.py."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.complaints.models import Complaint

pytestmark = pytest.mark.english


def test_new_complaint_page_registers_one(login, make_enterprise):
    client = login("office_staff", "320412")
    firm = make_enterprise("320412001")
    assert client.get(reverse("complaints:new")).status_code == 200
    form = {
        "number": "W-1", "received_on": "2026-03-06", "channel": "letter",
        "complainant_name": "钱七", "complainant_phone": "13600003333", "product_name": "燃气灶",
        "enterprise_uscc": firm.uscc, "region_code": "", "category": "safety",
        "description": "", "handling_unit": client.user.organization_id,
    }  # fmt: skip
    response = client.post(reverse("complaints:new"), form)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "complaints:detail", args=[complaint.pk]
    )
    page = client.get(response.url).content.decode()
    assert "钱*" in page and "钱七" not in page and "13600003333" not in page
    # Bad input: the form again with the reason, nothing saved.
    response = client.post(reverse("complaints:new"), {**form, "number": "W-2", "channel": "fax"})
    assert response.status_code == 200 and Complaint.objects.count() == 1
    response = client.post(reverse("complaints:new"), {**form, "received_on": "2999-01-01"})
    assert "cannot be in the future" in response.content.decode()
    response = client.post(reverse("complaints:new"), form)
    assert "already registered" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_accept_and_close_from_the_detail_page(login, clerk, make_complaint):
    client = login(clerk)
    complaint = make_complaint()
    detail = reverse("complaints:detail", args=[complaint.pk])
    page = client.get(detail).content.decode()
    assert 'id="accept-form"' in page and 'id="close-form"' in page
    client.post(reverse("complaints:accept", args=[complaint.pk]), {"on": "2026-03-09"})
    # Closing before the acceptance date: refused with its reason, nothing changed.
    response = client.post(
        reverse("complaints:close", args=[complaint.pk]),
        {"outcome": "justified", "on": "2026-03-07"},
        follow=True,
    )
    assert "before the acceptance date" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "handling" and complaint.accepted_on == date(2026, 3, 9)
    client.post(
        reverse("complaints:close", args=[complaint.pk]),
        {"outcome": "justified", "on": "2026-03-20"},
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("closed", "justified")
    page = client.get(detail).content.decode()
    assert 'id="close-form"' not in page and ">justified<" in page


def test_viewer_reads_but_may_not_close(login, make_complaint):
    complaint = make_complaint()
    client = login("viewer", "320412")
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert 'id="close-form"' not in page
    response = client.post(
        reverse("complaints:close", args=[complaint.pk]),
        {"outcome": "justified", "on": "2026-03-20"},
    )
    assert response.status_code == 403
    assert Complaint.objects.get().status == "received"


def test_export_never_carries_the_complainant_unmasked(login, clerk, make_complaint):
    make_complaint()
    response = login(clerk).get(reverse("complaints:list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert "王**" in cells and "139****5678" in cells
    assert not any("王小明" in c or "13912345678" in c for c in cells)
    assert "12315 hotline" in cells and "Received" in cells or "received" in cells


def test_enterprise_page_lists_its_complaints(login, clerk, make_complaint, complaint_data):
    complaint = make_complaint()
    page = login(clerk).get(reverse("enterprises:detail", args=[complaint.enterprise_id]))
    assert 'id="enterprise-complaints"' in page.content.decode()
    assert complaint.number in page.content.decode()


def test_corrections_keep_history_and_bad_ones_come_back(login, clerk, make_complaint):
    complaint = make_complaint()
    client = login(clerk)
    url = reverse("complaints:correct", args=[complaint.pk])
    response = client.post(url, {"product_name": "电水壶", "category": "labelling"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.product_name, complaint.category) == ("电水壶", "labelling")
    assert complaint.history.count() == 2
    response = client.post(url, {"product_name": "", "category": "weather"})
    assert response.status_code == 200 and 'id="correct-form"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.product_name == "电水壶"
