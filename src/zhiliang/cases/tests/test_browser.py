"""The case pages in Chromium: the timer page leads to a late accident, whose stage is
advanced with its clock met; a recall's progress report moves its correction rate and
starts the next progress period."""

from datetime import date

import pytest

from zhiliang.cases import recall_services, services
from zhiliang.cases.tests.conftest import at

pytestmark = pytest.mark.browser


def test_timer_page_to_an_accident_advanced_on_its_clock(page, clerk, make_accident):
    case = make_accident(title="锅炉爆管")
    page.login(clerk)
    page.goto(page.base_url + "/cases/timer/")
    table = page.locator("#deadline-table")
    assert case.number in table.inner_text()
    table.locator(f"text={case.number}").first.click()
    page.wait_for_selector("#advance-form")
    page.select_option("#advance-form select[name=to]", "escalated")
    page.fill("#advance-form input[name=at]", "2026-03-02T10:30")
    page.click("#advance-submit")
    page.wait_for_selector(".alert-success")
    case.refresh_from_db()
    report_up = case.deadlines.get(kind="report_up")
    assert case.stage == "escalated"
    # Reported at 09:40, escalated at 10:30: within the 2 hours.
    assert report_up.state == "met"
    assert "10:30" in page.locator("#case-clocks").inner_text()


def test_recall_progress_report_in_the_browser(page, clerk, firm):
    from zhiliang.enterprises.models import Product

    # The live server's database is emptied between tests: a catalogue product of our own.
    category, _new = Product.objects.get_or_create(code="99", defaults={"name": "测试类"})
    product, _new = Product.objects.get_or_create(
        code="9901", defaults={"name": "充电器", "parent": category}
    )
    case = recall_services.recall_open(
        actor=clerk,
        data={
            "title": "电动自行车充电器召回", "enterprise": firm, "product": product,
            "opened_at": at(2026, 3, 2, 9, 0), "origin": "defect_report", "defect": "过热",
            "hazard": "fire", "units_affected": 1000, "method": "direct",
        },
    )  # fmt: skip
    for n, stage in enumerate(("plan_submitted", "notice_published", "implementing"), 1):
        services.case_advance(actor=clerk, case=case, to=stage, at=at(2026, 3, 2 + n, 9, 0))
    page.login(clerk)
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.fill("#report-form input[name=reported_on]", "2026-04-01")
    page.fill("#report-form input[name=units_corrected]", "300")
    page.click("#report-submit")
    page.wait_for_selector(".alert-success")
    assert "30" in page.locator("#recall-rate").inner_text()
    case.recall.refresh_from_db()
    assert case.recall.units_corrected == 300
    periods = case.deadlines.filter(kind="recall_progress").order_by("period")
    assert [p.period for p in periods] == [1, 2] and periods[0].met_at is not None
    assert periods[1].started_at.date() == date(2026, 4, 1)
    assert page.locator("#case-clocks tbody tr").count() >= 4
