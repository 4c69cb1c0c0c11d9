"""Repair of penalty records: the minimum period by field (its date in the refusal), review
with evidence, off the public pages the day it is granted, the export for other platforms."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhiliang.licensing.dates import add_months
from zhiliang.penalties import selectors
from zhiliang.penalties import serious_services as s
from zhiliang.penalties.choices import RepairStatus
from zhiliang.penalties.tests.test_services import messages

PDF = b"%PDF-1.4\n%%EOF\n"


def _pdf():
    return SimpleUploadedFile("缴款凭证.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def public_penalty(make_penalty):
    """A fine published 8 months ago: public for 3 years, repairable after 6 months."""
    return make_penalty(decided_on=timezone.localdate() - timedelta(days=245))


def test_too_early_a_repair_is_refused_with_the_date(make_penalty, clerk):
    decided = timezone.localdate() - timedelta(days=245)
    food = make_penalty(decided_on=decided, sector="food")
    with pytest.raises(ValidationError) as exc:
        s.repair_apply(actor=clerk, penalty=food)
    first = add_months(decided, 12)
    assert f"can be applied for from {first.isoformat()}" in messages(exc)
    assert not food.repairs.exists()
    with pytest.raises(ValidationError, match="Unknown field"):
        make_penalty(sector="astrology")


def test_a_granted_repair_leaves_the_public_pages_that_day(public_penalty, clerk):
    today = timezone.localdate()
    assert selectors.public_penalties().filter(pk=public_penalty.pk).exists()
    repair = s.repair_apply(actor=clerk, penalty=public_penalty, statement="已履行处罚决定")
    with pytest.raises(ValidationError, match="already under review"):
        s.repair_apply(actor=clerk, penalty=public_penalty)
    with pytest.raises(ValidationError, match="Add the evidence"):
        s.repair_grant(actor=clerk, repair=repair, reason="符合修复条件")
    s.repair_evidence_add(actor=clerk, repair=repair, upload=_pdf())
    with pytest.raises(ValidationError):
        s.repair_evidence_add(
            actor=clerk, repair=repair, upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00")
        )
    s.repair_grant(actor=clerk, repair=repair, reason="符合修复条件")
    public_penalty.refresh_from_db()
    assert repair.status == RepairStatus.GRANTED and public_penalty.repaired_on == today
    assert public_penalty.public_until == today
    assert not selectors.public_penalties().filter(pk=public_penalty.pk).exists()
    with pytest.raises(ValidationError, match="nothing to repair"):
        s.repair_apply(actor=clerk, penalty=public_penalty)
    with pytest.raises(ValidationError, match="already decided"):
        s.repair_refuse(actor=clerk, repair=repair, reason="x")


def test_a_refused_repair_keeps_the_record_public(public_penalty, clerk):
    repair = s.repair_apply(actor=clerk, penalty=public_penalty)
    with pytest.raises(ValidationError, match="Give the reason"):
        s.repair_refuse(actor=clerk, repair=repair)
    s.repair_refuse(actor=clerk, repair=repair, reason="未履行罚款缴纳义务")
    assert repair.status == RepairStatus.REFUSED
    assert selectors.public_penalties().filter(pk=public_penalty.pk).exists()


def test_pages_and_export_of_repaired_records(public_penalty, clerk, login):
    client = login(clerk)
    url = reverse("penalties:penalty-repair", args=[public_penalty.pk])
    response = client.post(url, {"on": timezone.localdate().isoformat(), "statement": "申请"})
    repair = public_penalty.repairs.get()
    assert response.url == reverse("penalties:repair", args=[repair.pk])
    client.post(reverse("penalties:repair-evidence", args=[repair.pk]), {"file": _pdf()})
    evidence = repair.evidence.get()
    file_url = reverse("penalties:repair-evidence-file", args=[repair.pk, evidence.pk])
    assert b"".join(client.get(file_url).streaming_content) == PDF
    grant = {"on": timezone.localdate().isoformat(), "reason": "=HYPERLINK(1)"}
    client.post(reverse("penalties:repair-grant", args=[repair.pk]), grant)
    repair.refresh_from_db()
    assert repair.status == RepairStatus.GRANTED
    for name in ("penalties:repairs", "penalties:repair"):
        args = [repair.pk] if name == "penalties:repair" else []
        assert client.get(reverse(name, args=args)).status_code == 200
    csv = client.get(reverse("penalties:repaired-export", args=["csv"])).content.decode()
    assert public_penalty.decision_number in csv and public_penalty.enterprise.uscc in csv
    xlsx = client.get(reverse("penalties:repaired-export", args=["xlsx"]))
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert any(public_penalty.decision_number in row for row in rows)
    # Another district's application is missing, not forbidden.
    other = login("office_staff", "320411")
    assert other.get(reverse("penalties:repair", args=[repair.pk])).status_code == 404
    assert other.get(file_url).status_code == 404


def test_the_api_applies_and_refuses(public_penalty, make_penalty, api):
    client = api("office_staff", "320412")
    early = make_penalty(decided_on=timezone.localdate() - timedelta(days=30))
    response = client.post("/api/penalty-repairs/", {"penalty": early.pk}, format="json")
    assert response.status_code == 400
    first = add_months(early.public_from, 6).isoformat()
    assert first in response.json()["message"]
    created = client.post("/api/penalty-repairs/", {"penalty": public_penalty.pk}, format="json")
    url = f"/api/penalty-repairs/{created.json()['id']}/"
    other = api("office_staff", "320411")
    assert other.post(url + "refuse/", {"reason": "x"}, format="json").status_code == 404
    assert client.post(url + "grant/", {"reason": "ok"}, format="json").status_code == 400
    refused = client.post(url + "refuse/", {"reason": "未缴清罚款"}, format="json").json()
    assert refused["status"] == "refused"
