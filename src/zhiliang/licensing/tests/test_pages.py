"""List, detail, export and field-list pages: filters, jurisdiction, query counts."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook


def _rows(response, sheet=0):
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.worksheets[sheet].iter_rows(values_only=True))


def test_certificate_list_filters_and_stays_in_jurisdiction(
    client, make_user, make_enterprise, make_certificate
):
    make_certificate(make_enterprise("320412001", name="武进甲电器有限公司"), number="W-1")
    make_certificate(make_enterprise("320412002", name="武进乙电器有限公司"), kind="iso9001",
                     number="W-2", expires_on=date(2026, 1, 9))  # fmt: skip
    make_certificate(make_enterprise("320411002", name="新北丙电器有限公司"), number="X-1")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("licensing:certificates")).content.decode()
    assert "W-1" in page and "W-2" in page and "X-1" not in page
    assert "summary-table" in page
    page = client.get(reverse("licensing:certificates"), {"kind": "iso9001"}).content.decode()
    assert "W-2" in page and "W-1" not in page
    bad = client.get(reverse("licensing:certificates"), {"region": "abc", "expiring_within": "x"})
    assert bad.status_code == 200 and "abc" in bad.content.decode()


def test_certificate_detail_history_and_404_outside(
    client, make_user, make_enterprise, make_certificate, ccc_product
):
    from zhiliang.licensing import services

    clerk = make_user("office_staff", "320412")
    mine = make_certificate(make_enterprise("320412001"), number="W-1", products=[ccc_product])
    services.certificate_set_status(actor=clerk, certificate=mine, status="suspended")
    theirs = make_certificate(make_enterprise("320411002"), number="X-1")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("licensing:certificate", args=[mine.pk])).content.decode()
    assert "W-1" in page and ccc_product.name in page and "history-change" in page
    assert client.get(reverse("licensing:certificate", args=[theirs.pk])).status_code == 404


def test_instrument_pages(client, make_user, make_enterprise, make_instrument):
    today = timezone.localdate()
    mine = make_instrument(make_enterprise("320412001"), "1101", serial="LATE-1",
                           verified_on=today - timedelta(days=500))  # fmt: skip
    theirs = make_instrument(make_enterprise("320411002"), "1101", serial="X-9")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("licensing:instruments"), {"overdue": "true"}).content.decode()
    assert "LATE-1" in page and "X-9" not in page and "overdue" in page
    detail = client.get(reverse("licensing:instrument", args=[mine.pk])).content.decode()
    assert "LATE-1" in detail and 'id="verifications"' in detail
    assert client.get(reverse("licensing:instrument", args=[theirs.pk])).status_code == 404


def test_exports_are_the_filtered_lists(
    client, make_user, make_enterprise, make_certificate, make_instrument
):
    e = make_enterprise("320412001", name="武进甲电器有限公司")
    make_certificate(e, number="W-1")
    make_certificate(e, kind="iso9001", number="W-2", expires_on=date(2026, 1, 9))
    make_certificate(make_enterprise("320411002"), number="X-1")
    make_instrument(e, "03", serial="JY-1", verified_on=date(2025, 1, 1))
    client.force_login(make_user("viewer", "320412"))
    blank = {"region": "", "status": "", "q": ""}
    response = client.get(reverse("licensing:certificate-export"), {"kind": "ccc", **blank})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    rows = _rows(response)
    assert len(rows) == 2 and rows[1][1] == "W-1" and rows[1][2] == "武进甲电器有限公司"
    rows = _rows(client.get(reverse("licensing:instrument-export")))
    assert len(rows) == 2 and rows[1][1] == "JY-1" and rows[1][0].startswith("03 ")


def test_field_list_for_a_township(
    client, make_user, make_enterprise, make_certificate, make_instrument
):
    today = timezone.localdate()
    a = make_enterprise("320412001")
    b = make_enterprise("320412002")
    make_instrument(a, "1101", serial="LATE", verified_on=today - timedelta(days=400))
    make_instrument(a, "1101", serial="SOON", verified_on=today - timedelta(days=350))
    make_instrument(a, "1101", serial="FINE", verified_on=today - timedelta(days=10))
    make_instrument(b, "1101", serial="OTHER-TOWN", verified_on=today - timedelta(days=400))
    make_certificate(a, number="RENEW", issued_on=today - timedelta(days=1700),
                     expires_on=today + timedelta(days=80))  # fmt: skip
    make_certificate(a, number="LATER", issued_on=today - timedelta(days=100),
                     expires_on=today + timedelta(days=800))  # fmt: skip
    client.force_login(make_user("inspector", "320412"))
    response = client.get(reverse("licensing:field-list"), {"region": "320412001"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(content))
    instruments = [r[1] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    certificates = [r[1] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert instruments == ["LATE", "SOON"] and certificates == ["RENEW"]
    # Outside the jurisdiction, or no region: nothing.
    assert client.get(reverse("licensing:field-list"), {"region": "320411"}).status_code == 404
    assert client.get(reverse("licensing:field-list")).status_code == 404


@pytest.mark.browser
def test_pages_in_the_browser(page, make_user, make_enterprise, make_certificate, make_instrument):

    today = timezone.localdate()
    e = make_enterprise("320412001", name="武进甲电器有限公司")
    make_certificate(e, number="CCC-001", issued_on=today - timedelta(days=1700),
                     expires_on=today + timedelta(days=60))  # fmt: skip
    make_certificate(e, kind="iso9001", number="Q-001")
    make_instrument(e, "03", serial="JY-001", verified_on=today - timedelta(days=200))
    user = make_user("office_staff", "320412")
    page.login(user)
    page.goto(page.base_url + reverse("licensing:certificates"))
    assert page.locator("#certificate-table tbody tr").count() == 2
    page.check("#id_in_renewal_window")
    page.click("#filter-submit")
    page.wait_for_url("**in_renewal_window=true**")
    assert page.locator("#certificate-table tbody tr").count() == 1
    page.click("text=CCC-001")
    page.wait_for_selector("#certificate-facts")
    assert "武进甲电器有限公司" in page.locator("#certificate-facts").inner_text()
    page.goto(page.base_url + reverse("licensing:instruments"))
    assert page.locator("#instrument-table .overdue").count() == 1
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.startswith("instruments-")
    with page.expect_download() as download:
        page.locator(".field-list-link").first.click()
    assert download.value.suggested_filename.startswith("field-list-")


def test_status_change_from_the_detail_page(client, make_user, make_enterprise, make_certificate):
    cert = make_certificate(make_enterprise("320412001"), expires_on=date(2030, 1, 1))
    theirs = make_certificate(make_enterprise("320411002"))
    url = reverse("licensing:certificate-status", args=[cert.pk])
    client.force_login(make_user("viewer", "320412"))
    assert (
        "status-form"
        not in client.get(reverse("licensing:certificate", args=[cert.pk])).content.decode()
    )
    assert client.post(url, {"status": "revoked", "on": "2025-01-02"}).status_code == 403
    client.force_login(make_user("office_staff", "320412"))
    assert (
        "status-form"
        in client.get(reverse("licensing:certificate", args=[cert.pk])).content.decode()
    )
    response = client.post(url, {"status": "suspended", "on": "2025-01-02"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "suspended" and cert.status_changed_on == date(2025, 1, 2)
    client.post(url, {"status": "revoked", "on": "2025-02-01"})
    response = client.post(url, {"status": "valid", "on": "2025-03-01"}, follow=True)
    cert.refresh_from_db()
    assert cert.status == "revoked" and "alert" in response.content.decode()
    other = reverse("licensing:certificate-status", args=[theirs.pk])
    assert client.post(other, {"status": "revoked", "on": "2025-01-02"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "valid"


def test_recording_a_verification_from_the_detail_page(
    client, make_user, make_enterprise, make_instrument
):
    inst = make_instrument(make_enterprise("320412001"), "03", verified_on=date(2024, 1, 5))
    url = reverse("licensing:instrument-verify", args=[inst.pk])
    client.force_login(make_user("office_staff", "320412"))
    response = client.post(
        url, {"verified_on": "2024-07-01", "result": "pass", "verifier": "常州市计量所"}
    )
    assert response.status_code == 302
    inst.refresh_from_db()
    assert (
        inst.next_due_on == date(2025, 1, 1) and inst.verifications.get().verifier == "常州市计量所"
    )
    client.post(url, {"verified_on": "2999-01-01", "result": "pass"})
    client.post(url, {"verified_on": "", "result": "pass"})
    assert inst.verifications.count() == 1
    client.force_login(make_user("viewer", "320412"))
    assert client.post(url, {"verified_on": "2024-08-01", "result": "pass"}).status_code == 403
    client.force_login(make_user("office_staff", "320411"))
    assert client.post(url, {"verified_on": "2024-08-01", "result": "pass"}).status_code == 404
    assert inst.verifications.count() == 1


def test_back_office_keeps_the_derived_dates_and_the_scope(
    client, make_user, make_enterprise, make_certificate, catalogues
):
    from zhiliang.licensing.models import Certificate, CertificateKind

    mine = make_enterprise("320412001")
    theirs = make_certificate(make_enterprise("320411002"), number="X-1")
    client.force_login(make_user("office_staff", "320412"))
    changelist = client.get("/admin/licensing/certificate/").content.decode()
    assert "X-1" not in changelist
    assert client.get(f"/admin/licensing/certificate/{theirs.pk}/change/").status_code in (302, 404)
    response = client.post(
        "/admin/licensing/certificate/add/",
        {
            "kind": CertificateKind.objects.get(code="ccc").pk,
            "number": "ADM-1",
            "holder": mine.pk,
            "issued_on": "2020-01-01",
            "expires_on": "2024-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cert = Certificate.objects.get(number="ADM-1")
    assert cert.status == "expired" and cert.ended_on == date(2025, 1, 1)


def test_detail_pages_of_records_without_history(
    client, make_user, make_enterprise, make_certificate, make_instrument
):
    """Imported and demo records may have no history rows; their pages answered 500."""
    owner = make_enterprise("320412001")
    certificate = make_certificate(owner, number="W-9")
    instrument = make_instrument(owner)
    certificate.history.all().delete()
    instrument.history.all().delete()
    client.force_login(make_user("viewer", "320412"))
    pages = (("licensing:certificate", certificate), ("licensing:instrument", instrument))
    for name, record in pages:
        response = client.get(reverse(name, args=[record.pk]))
        assert response.status_code == 200, name
