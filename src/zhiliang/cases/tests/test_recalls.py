"""Recalls on the case engine: bad input refused with reasons (more units corrected than
affected, dates in the future, a report on a closed recall), the correction rate over time,
the clocks, the API's `deadlines`, the pages and the public list (no personal data)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhiliang.cases import recall_services, services
from zhiliang.cases.models import Case, RecallReport
from zhiliang.cases.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    from zhiliang.enterprises.models import Product

    return Product.objects.filter(parent__isnull=False).order_by("code").first()


@pytest.fixture
def make_recall(clerk, firm, product):
    def make(**data):
        data.setdefault("title", "电动自行车充电器召回")
        data.setdefault("enterprise", firm)
        data.setdefault("product", product)
        data.setdefault("opened_at", at(2026, 3, 2, 9, 0))
        data.setdefault("origin", "defect_report")
        data.setdefault("defect", "充电器过热")
        data.setdefault("hazard", "fire")
        data.setdefault("units_affected", 1000)
        data.setdefault("method", "direct")
        return recall_services.recall_open(actor=clerk, data=data)

    return make


def _under_way(case, actor):
    for n, stage in enumerate(("plan_submitted", "notice_published", "implementing"), 1):
        services.case_advance(actor=actor, case=case, to=stage, at=at(2026, 3, 2 + n, 9, 0))
    return case


def test_recall_opens_with_its_clocks(make_recall):
    case = make_recall()
    assert case.kind == "recall" and case.stage == "decided"
    plan = case.deadlines.get(kind="recall_plan")
    # 5 working days from Monday 2026-03-02: Monday 2026-03-09, end of day.
    assert timezone.localtime(plan.due).date() == date(2026, 3, 9)
    assert plan.met_at is None


def test_bad_recalls_are_refused_with_reasons(make_recall):
    with pytest.raises(ValidationError) as err:
        make_recall(
            opened_at=timezone.now() + timedelta(days=1), units_affected=0, hazard="nonsense"
        )
    assert {"opened_at", "units_affected", "hazard"} <= set(err.value.message_dict)
    assert not Case.objects.exists()


def test_correction_rate_over_time_and_bad_reports(make_recall, clerk):
    case = _under_way(make_recall(), clerk)
    recall = case.recall
    report = recall_services.recall_report
    report(
        actor=clerk, recall=recall, data={"reported_on": date(2026, 4, 1), "units_corrected": 300}
    )
    report(
        actor=clerk, recall=recall, data={"reported_on": date(2026, 5, 1), "units_corrected": 720}
    )
    recall.refresh_from_db()
    assert recall.units_corrected == 720 and recall.rate == pytest.approx(0.72)
    assert case.deadlines.filter(kind="recall_progress", met_at__isnull=False).count() == 2
    bad = [
        ({"reported_on": date(2026, 5, 2), "units_corrected": 1001}, "units_corrected"),
        ({"reported_on": date(2026, 5, 2), "units_corrected": 500}, "units_corrected"),
        ({"reported_on": timezone.localdate() + timedelta(days=3), "units_corrected": 800},
         "reported_on"),
        ({"reported_on": date(2026, 4, 15), "units_corrected": 800}, "reported_on"),
    ]  # fmt: skip
    for data, field in bad:
        with pytest.raises(ValidationError) as err:
            report(actor=clerk, recall=recall, data=data)
        assert field in err.value.message_dict
    assert RecallReport.objects.count() == 2
    from zhiliang.cases.selectors import recall_trend

    assert [round(r["rate"], 2) for r in recall_trend(case)] == [0.3, 0.72]


def test_every_progress_period_is_clocked_until_the_summary(make_recall, clerk):
    """Order 19: progress at the plan's interval until completion (90 days in the data): each
    report meets its period and starts the next; the summary meets the one then running."""
    case = _under_way(make_recall(), clerk)  # under way from 2026-03-05 09:00
    periods = case.deadlines.filter(kind="recall_progress").order_by("period")
    first = periods.get()
    assert timezone.localtime(first.due).date() == date(2026, 6, 3) and first.met_at is None
    for day, units in ((date(2026, 6, 10), 300), (date(2026, 7, 1), 500)):
        recall_services.recall_report(
            actor=clerk, recall=case.recall, data={"reported_on": day, "units_corrected": units}
        )
    rows = [(d.period, timezone.localtime(d.due).date(), d.state) for d in periods.all()]
    assert rows == [
        (1, date(2026, 6, 3), "met_late"),  # reported a week late
        (2, date(2026, 9, 8), "met"),  # 90 days from the first report
        (3, date(2026, 9, 29), "late" if timezone.now() > rules_end(2026, 9, 29) else "open"),
    ]
    assert "3" in periods.last().label
    services.case_advance(
        actor=clerk, case=case, to="summary_submitted", at=at(2026, 7, 20, 9, 0), note="完成"
    )
    third = periods.get(period=3)
    assert third.met_at == at(2026, 7, 20, 9, 0) and periods.count() == 3


def rules_end(*day):
    from zhiliang.cases.rules import end_of_day

    return end_of_day(date(*day))


def test_summary_needed_and_no_report_on_a_closed_recall(make_recall, clerk):
    case = _under_way(make_recall(), clerk)
    with pytest.raises(ValidationError) as err:
        services.case_advance(actor=clerk, case=case, to="summary_submitted")
    assert "note" in err.value.message_dict
    services.case_advance(actor=clerk, case=case, to="summary_submitted", note="召回完成 95 %")
    services.case_advance(actor=clerk, case=case, to="closed")
    with pytest.raises(ValidationError):
        recall_services.recall_report(
            actor=clerk,
            recall=case.recall,
            data={"reported_on": timezone.localdate(), "units_corrected": 10},
        )
    with pytest.raises(ValidationError):  # the engine's event path is not for recalls
        services.case_event(actor=clerk, case=case, code="progress")


def test_jurisdiction(make_recall, make_user):
    case = make_recall()
    other = make_user("office_staff", "320411")
    with pytest.raises(Http404):
        recall_services.recall_report(
            actor=other,
            recall=case.recall,
            data={"reported_on": date(2026, 4, 1), "units_corrected": 1},
        )
    assert Case.objects.visible_to(make_user("office_staff", "3204")).filter(pk=case.pk).exists()


def test_api_recalls_carry_deadlines(api, firm, product, clerk):
    client = api(user=clerk)
    body = {
        "title": "儿童推车召回",
        "enterprise_uscc": firm.uscc,
        "product": product.pk,
        "opened_at": "2026-03-02T09:00:00+08:00",
        "origin": "investigation",
        "defect": "折叠锁失效",
        "hazard": "injury",
        "units_affected": 200,
        "method": "press",
    }
    response = client.post("/api/recalls/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "recall" and data["correction_rate"] == 0
    assert {d["kind"] for d in data["deadlines"]} == {"recall_plan"}
    pk = data["id"]
    for stage in ("plan_submitted", "notice_published", "implementing"):
        assert client.post(f"/api/recalls/{pk}/advance/", {"to": stage}).status_code == 200
    answer = client.post(
        f"/api/recalls/{pk}/report/", {"reported_on": "2026-04-01", "units_corrected": 250}
    )
    assert answer.status_code == 400 and "units_corrected" in answer.json()["errors"]
    answer = client.post(
        f"/api/recalls/{pk}/report/", {"reported_on": "2026-04-01", "units_corrected": 50}
    )
    assert answer.status_code == 200 and answer.json()["correction_rate"] == 0.25
    assert api("office_staff", "320411").get(f"/api/recalls/{pk}/").status_code == 404


def test_pages_and_public_list(client, make_recall, clerk, make_user):
    case = _under_way(make_recall(), clerk)
    hidden = make_recall(title="尚未公告的召回")
    recall_services.recall_report(
        actor=clerk,
        recall=case.recall,
        data={"reported_on": date(2026, 4, 1), "units_corrected": 120},
    )
    client.force_login(clerk)
    listing = client.get(reverse("cases:recalls"))
    assert listing.status_code == 200 and "12.0 %" in listing.content.decode()
    # The lists' table header is their own block, not the page's <head> (it once was).
    for page in (listing, client.get(reverse("cases:list"))):
        head = page.content.decode().split("<body")[0]
        assert "<th" not in head and "stylesheet" in head
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="recall-trend"' in detail and 'id="report-form"' in detail
    response = client.post(reverse("cases:recall-report", args=[case.pk]),
                           {"reported_on": "2026-04-02", "units_corrected": "5000"})  # fmt: skip
    assert response.status_code == 200 and case.recall.reports.count() == 1
    assert client.get(reverse("cases:recall-new")).status_code == 200
    client.logout()
    public = client.get(reverse("public:recalls")).content.decode()
    assert case.title in public and hidden.title not in public
    assert clerk.username not in public
    data = client.get(reverse("public:download", args=["recalls", "json"])).json()
    assert data["count"] == 1 and data["results"][0]["recall_hazard"] != "fire"


def test_indicators_recalls_and_correction_rate(make_recall, clerk):
    from pathlib import Path

    from zhiliang.indicators import engine
    from zhiliang.indicators import periods as P
    from zhiliang.indicators.catalogue import catalogue_load
    from zhiliang.indicators.models import IndicatorValue

    closed = _under_way(make_recall(units_affected=1000), clerk)
    recall_services.recall_report(
        actor=clerk,
        recall=closed.recall,
        data={"reported_on": date(2026, 4, 1), "units_corrected": 600},
    )
    services.case_advance(
        actor=clerk, case=closed, to="summary_submitted", at=at(2026, 4, 2, 9), note="完成"
    )
    services.case_advance(actor=clerk, case=closed, to="closed", at=at(2026, 4, 3, 9))
    make_recall(units_affected=500, opened_at=at(2026, 3, 10, 9))  # open: not in the rate
    catalogue_load([Path(__file__).resolve().parent.parent / "indicators.yaml"])
    engine.compute(
        periods=[P.parse("2026")], codes=["cases.recalls", "cases.recall_correction_rate"]
    )
    values = {
        v.indicator.code: v
        for v in IndicatorValue.objects.filter(period="2026", region__code="320412")
    }
    assert values["cases.recalls"].numerator == 2
    assert float(values["cases.recall_correction_rate"].value) == pytest.approx(60.0)
