"""/public/ without login: the index, the serious-violation list and the published
penalties only inside their windows, search by name or USCC, CSV and JSON, no personal data,
no credit class, and the old sampling address redirecting."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhiliang.penalties import serious_services as s
from zhiliang.penalties.services import penalty_overturn


@pytest.fixture
def world(make_serious, make_penalty, make_enterprise, clerk):
    today = timezone.localdate()
    listed = make_serious(to="published")
    other = make_enterprise("320412", name="新北测试食品有限公司")
    proposed = make_serious(enterprise=other)  # not published: not public
    ended = make_serious(
        to="published", enterprise=make_enterprise("320412", name="期满测试有限公司"),
        start=today - timedelta(days=3 * 366 + 30),
    )  # fmt: skip
    fine = make_penalty(decided_on=today - timedelta(days=30))
    warning = make_penalty(kind="warning", fine_amount=None, decided_on=today - timedelta(days=120))
    overturned = make_penalty(decided_on=today - timedelta(days=60))
    penalty_overturn(actor=clerk, penalty=overturned, on=today, reason="行政复议撤销")
    return {"listed": listed, "proposed": proposed, "ended": ended, "fine": fine,
            "warning": warning, "overturned": overturned}  # fmt: skip


def test_the_index_links_every_public_list(client, db):
    body = client.get(reverse("public:index")).content.decode()
    for name in ("public:sampling", "public:penalties", "public:serious"):
        assert reverse(name) in body


def test_only_what_is_inside_its_window(client, world):
    body = client.get(reverse("public:serious")).content.decode()
    assert world["listed"].enterprise.uscc in body
    assert "新北测试食品有限公司" not in body and "期满测试有限公司" not in body
    body = client.get(reverse("public:penalties")).content.decode()
    assert world["fine"].decision_number in body
    assert world["warning"].decision_number not in body  # 3 months, ended
    assert world["overturned"].decision_number not in body  # withdrawn that day
    # No personal data and no credit class on public pages.
    for word in ("legal_representative", "法定代表人", "risk_class", "信用等级"):
        assert word not in body


def test_search_by_name_or_uscc(client, world):
    uscc = world["listed"].enterprise.uscc
    for q in (uscc, uscc.lower(), world["listed"].enterprise.name[:6]):
        body = client.get(reverse("public:serious"), {"q": q}).content.decode()
        assert uscc in body, q
    body = client.get(reverse("public:serious"), {"q": "不存在的企业"}).content.decode()
    assert uscc not in body


def test_csv_and_json_downloads(client, world):
    url = reverse("public:download", args=["serious", "json"])
    data = json.loads(client.get(url).content)
    assert (
        data["count"] == 1
        and data["results"][0]["enterprise_uscc"] == world["listed"].enterprise.uscc
    )
    assert data["results"][0]["category"] == "质量安全领域严重违法行为（工业产品、特种设备等）"
    csv = client.get(reverse("public:download", args=["penalties", "csv"])).content.decode(
        "utf-8-sig"
    )
    assert world["fine"].decision_number in csv and world["overturned"].decision_number not in csv
    assert client.get(reverse("public:download", args=["credit", "csv"])).status_code == 404
    assert client.get(reverse("public:download", args=["serious", "xml"])).status_code == 404


def test_removed_the_same_day(client, world, clerk):
    listing = world["listed"]
    every = {"obligations_met": True, "harm_removed": True, "no_new_penalty": True}
    s.serious_apply_removal(actor=clerk, listing=listing, conditions=every)
    assert listing.enterprise.uscc in client.get(reverse("public:serious")).content.decode()
    s.serious_grant_removal(actor=clerk, listing=listing, reason="符合条件")
    assert listing.enterprise.uscc not in client.get(reverse("public:serious")).content.decode()


def test_the_old_sampling_address_redirects(client, db):
    response = client.get("/sampling/public/", {"product": "电冰箱"})
    assert response.status_code == 302
    assert response.url == reverse("public:sampling") + "?product=%E7%94%B5%E5%86%B0%E7%AE%B1"
    assert client.get(reverse("public:sampling")).status_code == 200
