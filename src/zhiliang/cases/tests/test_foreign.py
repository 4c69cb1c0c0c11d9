"""Foreign recalls: entered or imported, bad input refused with reasons and nothing saved,
matched to enterprises of the jurisdiction (USCC, else name or brand), confirmed or rejected
by the office, a confirmed match on the enterprise's file, opening a recall case or an item
of risk information; pages, API and jurisdiction."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhiliang.cases import foreign_services as services
from zhiliang.cases.foreign_models import ForeignMatch, ForeignRecall
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.imports import services as imports
from zhiliang.imports.choices import ImportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def makers(make_enterprise):
    return {
        "name": make_enterprise("320412", name="常州阳光电器有限公司"),
        "brand": make_enterprise("320412", name="武进SUNNY厨具有限公司"),
        "outside": make_enterprise("320411", name="新北阳光电器有限公司"),
        "other": make_enterprise("320412", name="武进精工机械有限公司"),
    }


@pytest.fixture
def product():
    from zhiliang.enterprises.models import Product

    return Product.objects.filter(parent__isnull=False).order_by("code").first()


def notice(clerk, **data):
    data.setdefault("source", "eu_safety_gate")
    data.setdefault("reference", "A12/00123/26")
    data.setdefault("notified_on", timezone.localdate() - timedelta(days=5))
    data.setdefault("product_description", "电热水壶")
    data.setdefault("brand", "Sunny")
    data.setdefault("manufacturer", "常州阳光电器有限公司")
    data.setdefault("country", "德国")
    data.setdefault("hazard", "electric")
    return services.foreign_recall_create(actor=clerk, data=data)


def test_matches_are_proposed_by_name_and_brand_within_the_jurisdiction(clerk, makers):
    recall = notice(clerk)
    found = {m.enterprise_id: m.basis for m in recall.matches.all()}
    assert found == {makers["name"].pk: "name", makers["brand"].pk: "brand"}
    assert recall.region.code == "320412"


def test_a_uscc_matches_that_enterprise_only(clerk, makers):
    recall = notice(clerk, uscc=makers["other"].uscc.lower())
    assert [(m.enterprise_id, m.basis) for m in recall.matches.all()] == [
        (makers["other"].pk, "uscc")
    ]


def test_bad_notices_are_refused_with_reasons(clerk, makers):
    notice(clerk)
    cases = [
        ({"source": "nowhere"}, "source"),
        ({"notified_on": timezone.localdate() + timedelta(days=1)}, "notified_on"),
        ({}, "reference"),  # the same Safety Gate reference again
        ({"hs_code": "85A1"}, "hs_code"),
        ({"uscc": "123"}, "uscc"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as err:
            notice(clerk, **({"reference": "B-1"} if field != "reference" else {}), **data)
        assert field in err.value.message_dict, (field, err.value.message_dict)
    assert ForeignRecall.objects.count() == 1


def test_confirm_reject_and_what_a_confirmed_match_opens(clerk, makers, product):
    recall = notice(clerk)
    confirmed = recall.matches.get(enterprise=makers["name"])
    rejected = recall.matches.get(enterprise=makers["brand"])
    with pytest.raises(ValidationError, match="Confirm the match first"):
        services.foreign_match_to_risk(actor=clerk, match=confirmed)
    services.foreign_match_decide(actor=clerk, match=confirmed, confirm=True)
    services.foreign_match_decide(actor=clerk, match=rejected, confirm=False, note="同名不同厂")
    with pytest.raises(ValidationError, match="decided already"):
        services.foreign_match_decide(actor=clerk, match=rejected, confirm=True)
    with pytest.raises(ValidationError, match="product of the catalogue"):
        services.foreign_match_to_risk(actor=clerk, match=confirmed)
    services.foreign_recall_set_product(actor=clerk, recall=recall, product=product)
    confirmed.refresh_from_db()
    item = services.foreign_match_to_risk(actor=clerk, match=confirmed)
    assert item.source_kind == "foreign" and item.enterprise == makers["name"]
    case = services.foreign_match_open_recall(
        actor=clerk,
        match=confirmed,
        data={"units_affected": 500, "method": "direct", "opened_at": timezone.now()},
    )
    assert case.recall.origin == "foreign" and case.recall.country == "德国"
    assert case.deadlines.filter(kind="recall_plan").exists()
    # Matching again proposes no rejected enterprise anew.
    assert services.foreign_recall_match(recall=recall) == 0


def test_pages_file_and_jurisdiction(client, clerk, makers, make_user):
    recall = notice(clerk)
    match = recall.matches.get(enterprise=makers["name"])
    client.force_login(clerk)
    page = client.get(reverse("cases:foreign-list"))
    assert page.status_code == 200 and "A12/00123/26" in page.text
    answer = client.post(reverse("cases:foreign-decide", args=[match.pk]), {"confirm": "1"})
    assert answer.status_code == 302
    match.refresh_from_db()
    assert match.status == "confirmed"
    detail = client.get(reverse("cases:foreign", args=[recall.pk]))
    assert detail.status_code == 200 and makers["name"].name in detail.text
    file = client.get(reverse("enterprises:detail", args=[makers["name"].pk]))
    assert "A12/00123/26" in file.text
    bad = client.post(
        reverse("cases:foreign-new"), {"source": "eu_safety_gate", "reference": "A12/00123/26"}
    )
    assert bad.status_code == 200 and ForeignRecall.objects.count() == 1
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(reverse("cases:foreign", args=[recall.pk])).status_code == 404
    assert (
        client.post(reverse("cases:foreign-decide", args=[match.pk]), {"confirm": "0"}).status_code
        == 404
    )


def test_api_enters_and_decides(api, makers):
    client = api()
    body = {
        "source": "cpsc",
        "reference": "26-123",
        "notified_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "product_description": "电暖器",
        "manufacturer": "常州阳光电器有限公司",
        "country": "美国",
        "hazard": "fire",
    }
    created = client.post("/api/foreign-recalls/", body, format="json")
    assert created.status_code == 201, created.json()
    assert [m["enterprise"] for m in created.json()["matches"]] == [makers["name"].pk]
    again = client.post("/api/foreign-recalls/", body, format="json")
    assert again.status_code == 400 and "reference" in again.json()["errors"]
    match = created.json()["matches"][0]["id"]
    decided = client.post(f"/api/foreign-recall-matches/{match}/decide/", {"confirm": True})
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"


HEADERS = ["来源", "通报编号", "发布日期", "产品描述", "品牌", "生产企业", "国家", "危害", "HS编码"]


def test_import_checks_every_row_and_matches_the_good_ones(clerk, makers):
    notice(clerk, reference="TAKEN")
    rows = [
        ["Safety Gate", "OK-1", "2026/3/1", "电热水壶", "Sunny", "常州阳光电器有限公司", "德国",
         "电击", "851671"],
        ["CPSC", "OK-2", "2026-03-02", "台灯", "", "某某灯具", "美国", "fire", ""],
        ["火星", "BAD-SOURCE", "2026-03-02", "x", "", "y", "美国", "fire", ""],
        ["CPSC", "FUTURE", "2999-01-01", "x", "", "y", "美国", "fire", ""],
        ["Safety Gate", "TAKEN", "2026-03-02", "x", "", "y", "德国", "fire", ""],
        ["CPSC", "OK-2", "2026-03-02", "x", "", "y", "美国", "fire", ""],
        ["CPSC", "HS", "2026-03-02", "x", "", "y", "美国", "fire", "12AB"],
    ]  # fmt: skip
    batch = run(clerk, "foreign_recalls", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = [(r.values[1], r.errors) for r in batch.rows.order_by("number")]
    assert verdicts[0][1] == [] and verdicts[1][1] == [], verdicts
    for (ref, errors), text in zip(
        verdicts[2:], ["source", "future", "recorded already", "OK-2", "HS code"], strict=True
    ):
        assert any(text in e for e in errors), (ref, errors)
    batch = imports.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 2
    ok = ForeignRecall.objects.get(reference="OK-1")
    assert ok.source == "eu_safety_gate" and ok.hazard == "electric"
    assert ForeignMatch.objects.filter(foreign_recall=ok).count() == 2
