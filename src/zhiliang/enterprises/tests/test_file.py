"""一企一档: the enterprise page as the one file on it, and its .docx 信用报告."""

import io

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.report import TITLE
from zhiliang.inspections.models import Sample
from zhiliang.penalties.models import Penalty

pytestmark = pytest.mark.django_db
WUJIN = "320412"


def _rich_enterprise(demo_world) -> Enterprise:
    """The 武进区 enterprise of the demo sampled most often, with a penalty on file."""
    from datetime import date

    from zhiliang.core.models import Organization
    from zhiliang.penalties.services import penalty_create

    firm = (
        Enterprise.objects.in_region(WUJIN)
        .annotate(n=Count("samples"))
        .filter(n__gt=0)
        .order_by("-n", "id")
        .first()
    )
    if not Penalty.objects.filter(enterprise=firm).exists():
        body = Organization.objects.filter(region__code=WUJIN, regulates_market=True).first()
        penalty_create(actor=demo_world.user("office_staff", WUJIN), data={
            "enterprise": firm, "enforcing_body": body, "decision_number": "常武市监罚〔2025〕9号",
            "legal_basis": "《中华人民共和国产品质量法》第五十条", "kind": "warning",
            "decided_on": date(2025, 3, 2),
        })  # fmt: skip
    return firm


def _bare_enterprise() -> Enterprise:
    return (
        Enterprise.objects.in_region(WUJIN)
        .filter(products__isnull=True, penalties__isnull=True)
        .order_by("id")
        .first()
    )


def test_file_shows_every_registry_with_counts_and_links(demo_world):
    client = demo_world.client("office_staff", WUJIN)
    firm = _rich_enterprise(demo_world)
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    for key in ("products", "samples", "certificates", "equipment", "instruments",
                "penalties", "listings", "complaints"):  # fmt: skip
        assert f'id="enterprise-{key}"' in page, key
    samples = Sample.objects.filter(enterprise=firm)
    assert f"?enterprise={firm.pk}" in page
    assert all(s.sample_number in page for s in samples[:10])
    assert all(p.decision_number in page for p in Penalty.objects.filter(enterprise=firm)[:10])
    assert "信用报告" in page and 'id="credit-report"' in page


def test_file_reads_a_flat_number_of_queries(demo_world):
    client = demo_world.client("office_staff", WUJIN)
    counts = []
    for firm in (_rich_enterprise(demo_world), _bare_enterprise()):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("enterprises:detail", args=[firm.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_role_sees_only_the_sections_it_may_read(demo_world):
    client = demo_world.client("department_reporter", WUJIN)
    page = client.get(reverse("enterprises:detail", args=[_rich_enterprise(demo_world).pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="enterprise-products"' in html
    assert 'id="enterprise-penalties"' not in html and 'id="enterprise-samples"' not in html
    assert 'id="credit-report"' not in html


def test_credit_report_docx_has_the_heading_the_sections_and_masks_phones(demo_world):
    client = demo_world.client("office_staff", WUJIN)
    firm = _rich_enterprise(demo_world)
    firm.contact_phone = "13912345678"
    firm.save(update_fields=["contact_phone"])
    response = client.get(reverse("enterprises:credit-report", args=[firm.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert client.user.organization.name in text.splitlines()[0]
    assert TITLE in text and firm.uscc in text and "生成日期" in text
    for heading in ("一、基本信息", "监督抽查", "行政处罚", "投诉"):
        assert heading in text, heading
    assert "139****5678" in cells and "13912345678" not in cells
    sample = Sample.objects.filter(enterprise=firm).first()
    penalty = Penalty.objects.filter(enterprise=firm).first()
    assert sample.sample_number in cells and penalty.decision_number in cells
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


@pytest.mark.english
def test_credit_report_is_chinese_for_an_english_reader(demo_world):
    client = demo_world.client("inspector", WUJIN)
    response = client.get(
        reverse("enterprises:credit-report", args=[_rich_enterprise(demo_world).pk])
    )
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "行政处罚" in text and "Administrative penalties" not in text


def test_credit_report_roles_and_jurisdiction(demo_world):
    firm = _rich_enterprise(demo_world)
    url = reverse("enterprises:credit-report", args=[firm.pk])
    assert demo_world.client("inspector", WUJIN).get(url).status_code == 200
    assert demo_world.client("viewer", WUJIN).get(url).status_code == 403
    assert demo_world.client("department_reporter", WUJIN).get(url).status_code == 403
    # Another district's office: the enterprise is missing, not forbidden.
    assert demo_world.client("office_staff", "320411").get(url).status_code == 404
    assert demo_world.client("office_staff", "3204").get(url).status_code == 200


def test_the_file_says_when_the_enterprise_is_on_the_abnormal_list(demo_world):
    from zhiliang.penalties.models import AbnormalListing

    client = demo_world.client("viewer", WUJIN)
    listed = AbnormalListing.objects.in_region(WUJIN).filter(removed_on=None).first()
    page = client.get(reverse("enterprises:detail", args=[listed.enterprise_id])).content
    assert b'id="listed-now"' in page
    removed = AbnormalListing.objects.in_region(WUJIN).exclude(removed_on=None)
    firm = removed.exclude(enterprise__abnormal_listings__removed_on=None).first().enterprise
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content
    assert b'id="listed-now"' not in page and b'id="enterprise-listings"' in page


def test_the_file_carries_the_serious_violation_listings_and_flags_a_listed_one(demo_world):
    from zhiliang.penalties.choices import LISTED
    from zhiliang.penalties.models import SeriousViolation

    client = demo_world.client("office_staff", WUJIN)
    listed = SeriousViolation.objects.in_region(WUJIN).filter(status__in=LISTED).first()
    page = client.get(reverse("enterprises:detail", args=[listed.enterprise_id])).content
    assert b'id="enterprise-serious"' in page and b'id="serious-flag"' in page
    proposed = SeriousViolation.objects.in_region(WUJIN).exclude(status__in=LISTED)
    firm = proposed.exclude(enterprise__in=listed.__class__.objects.filter(status__in=LISTED)
                            .values("enterprise")).first().enterprise  # fmt: skip
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content
    assert b'id="enterprise-serious"' in page and b'id="serious-flag"' not in page
