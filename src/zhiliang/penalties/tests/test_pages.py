"""List, detail, export and form pages of penalties and listings; the enterprise page."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.penalties.choices import PenaltyStatus


def _rows(response):
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def records(make_penalty, make_listing, make_enterprise, make_org):
    from zhiliang.penalties.services import listing_create, penalty_create

    mine = make_penalty(decision_number="常武市监罚〔2025〕1号")
    warning = make_penalty(
        decision_number="常武市监罚〔2025〕2号", kind="warning", fine_amount=None
    )
    listing = make_listing()
    theirs = make_enterprise("320411")
    body = make_org("320411")

    other_office = _office("320411", body)
    other = penalty_create(actor=other_office, data={
        "enterprise": theirs, "enforcing_body": body, "decision_number": "新北罚1号",
        "legal_basis": "x", "kind": "warning", "decided_on": date(2025, 1, 2),
    })  # fmt: skip
    other_listing = listing_create(actor=other_office, data={
        "enterprise": theirs, "deciding_body": body, "reason": "unreachable",
        "legal_basis": "x", "listed_on": date(2025, 1, 2),
    })  # fmt: skip
    return {"mine": mine, "warning": warning, "listing": listing, "other": other,
            "other_listing": other_listing}  # fmt: skip


def _office(code, org):
    from zhiliang.conftest import PASSWORD
    from zhiliang.core.services import user_create

    return user_create(actor=None, username=f"office-{code}", password=PASSWORD,
                       organization=org, roles=["office_staff"])  # fmt: skip


def test_penalty_list_filters_exports_and_stays_in_jurisdiction(client, make_user, records):
    client.force_login(make_user("viewer", "320412"))
    url = reverse("penalties:penalties")
    page = client.get(url).content.decode()
    assert "常武市监罚〔2025〕1号" in page and "新北罚1号" not in page
    assert "行政处罚" in page and "罚款" in page  # Chinese first
    page = client.get(url, {"kind": "warning"}).content.decode()
    assert "〔2025〕2号" in page and "〔2025〕1号" not in page
    bad = client.get(url, {"decided_after": "yesterday", "kind": "flogging"})
    assert bad.status_code == 200
    rows = _rows(client.get(url, {"export": "xlsx"}))
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {
        "常武市监罚〔2025〕1号", "常武市监罚〔2025〕2号"
    }  # fmt: skip


def test_penalty_detail_overturn_form(client, clerk, make_user, records):
    mine, other = records["mine"], records["other"]
    client.force_login(clerk)
    url = reverse("penalties:penalty", args=[mine.pk])
    page = client.get(url).content.decode()
    assert "overturn-form" in page and "2028-03-03" in page and "history-change" in page
    assert client.get(reverse("penalties:penalty", args=[other.pk])).status_code == 404
    post = reverse("penalties:penalty-overturn", args=[mine.pk])
    refused = client.post(post, {"status": "overturned", "on": "2025-01-01", "reason": "复议"})
    assert refused.status_code == 200 and "overturn-form" in refused.content.decode()
    mine.refresh_from_db()
    assert mine.status == PenaltyStatus.IN_FORCE
    done = client.post(post, {"status": "overturned", "on": "2025-05-01", "reason": "复议撤销"})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.status == PenaltyStatus.OVERTURNED and str(mine.public_until) == "2025-05-01"
    viewer = make_user("viewer", "320412")
    client.force_login(viewer)
    assert "overturn-form" not in client.get(url).content.decode()
    assert client.post(post, {"on": "2025-05-01", "reason": "x"}).status_code == 403


def test_listing_pages_and_removal(client, clerk, records):
    listing, other = records["listing"], records["other_listing"]
    client.force_login(clerk)
    page = client.get(reverse("penalties:listings")).content.decode()
    assert "未按照规定的期限公示年度报告" in page and other.enterprise.name not in page
    assert client.get(reverse("penalties:listing", args=[other.pk])).status_code == 404
    post = reverse("penalties:listing-remove", args=[listing.pk])
    assert client.post(post, {"on": "2025-08-01", "reason": "已补报"}).status_code == 302
    listing.refresh_from_db()
    assert str(listing.removed_on) == "2025-08-01"
    page = client.get(reverse("penalties:listings"), {"open": "true"}).content.decode()
    assert "listing-table" in page and "已补报" not in page


def test_enterprise_page_lists_its_penalties_and_listings(client, make_user, records, firm):
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    assert "enterprise-penalties" in page and "常武市监罚〔2025〕2号" in page
    assert "enterprise-listings" in page and "未按照规定的期限公示年度报告" in page
    client.force_login(make_user("department_reporter", "320412"))
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    assert "enterprise-penalties" not in page
