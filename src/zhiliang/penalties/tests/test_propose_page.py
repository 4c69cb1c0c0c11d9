"""The page form that proposes a serious-violation listing, from the enterprise's file and
from a penalty's page: legal basis and evidence through `serious_propose`, role checks,
bad input refused with nothing saved, another district's enterprise missing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhiliang.penalties.choices import SeriousStatus
from zhiliang.penalties.models import SeriousEvidence, SeriousViolation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _pdf(name="现场检查笔录.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _data(bureau, **over):
    data = {
        "category": "quality",
        "legal_basis": "《市场监督管理严重违法失信名单管理办法》第九条",
        "facts": "生产销售不合格产品，货值金额较大",
        "deciding_body": bureau.pk,
        "proposed_on": "2025-09-01",
        "evidence": _pdf(),
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_propose_from_the_enterprise_file(login, clerk, bureau, firm):
    client = login(clerk)
    page = client.get(reverse("enterprises:detail", args=[firm.pk]))
    url = reverse("penalties:serious-propose-enterprise", args=[firm.pk])
    assert url in page.content.decode()
    form = client.get(url)
    assert form.status_code == 200 and firm.name in form.content.decode()
    response = client.post(url, _data(bureau))
    listing = SeriousViolation.objects.get(enterprise=firm)
    assert response.status_code == 302 and response.url == reverse(
        "penalties:serious", args=[listing.pk]
    )
    assert (listing.status, listing.category, listing.penalty) == (
        SeriousStatus.PROPOSED, "quality", None,
    )  # fmt: skip
    assert listing.legal_basis.startswith("《市场监督管理严重违法失信名单管理办法》")
    evidence = SeriousEvidence.objects.get(listing=listing)
    assert evidence.original_name == "现场检查笔录.pdf" and evidence.kind == "pdf"
    assert listing.history.count() == 1


def test_propose_from_a_penalty_links_the_decision(login, clerk, bureau, make_penalty):
    penalty = make_penalty(violation="生产不合格电动自行车")
    client = login(clerk)
    page = client.get(reverse("penalties:penalty", args=[penalty.pk])).content.decode()
    url = reverse("penalties:serious-propose-penalty", args=[penalty.pk])
    assert url in page
    assert "生产不合格电动自行车" in client.get(url).content.decode()  # facts start from it
    client.post(url, _data(bureau))
    listing = SeriousViolation.objects.get(penalty=penalty)
    assert listing.enterprise_id == penalty.enterprise_id


def test_no_legal_basis_or_no_evidence_saves_nothing(login, clerk, bureau, firm):
    client = login(clerk)
    url = reverse("penalties:serious-propose-enterprise", args=[firm.pk])
    response = client.post(url, _data(bureau, legal_basis="  "))
    assert response.status_code == 200
    assert "列入严重违法失信名单须有法律依据" in response.content.decode()
    response = client.post(url, _data(bureau, evidence=None))
    assert response.status_code == 200 and "id_evidence" in response.content.decode()
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(url, _data(bureau, evidence=bad))
    assert response.status_code == 200
    assert not SeriousViolation.objects.exists() and not SeriousEvidence.objects.exists()


def test_another_districts_enterprise_or_penalty_is_missing(login, bureau, firm, make_penalty):
    penalty = make_penalty()
    other = login("office_staff", "320411")
    for url in (
        reverse("penalties:serious-propose-enterprise", args=[firm.pk]),
        reverse("penalties:serious-propose-penalty", args=[penalty.pk]),
    ):
        assert other.get(url).status_code == 404
        assert other.post(url, _data(bureau)).status_code == 404
    assert not SeriousViolation.objects.exists()


@pytest.mark.parametrize("role", ["inspector", "viewer"])
def test_roles_without_the_right_may_not_propose(login, bureau, firm, role):
    client = login(role, "320412")
    url = reverse("penalties:serious-propose-enterprise", args=[firm.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _data(bureau)).status_code == 403
    assert not SeriousViolation.objects.exists()
