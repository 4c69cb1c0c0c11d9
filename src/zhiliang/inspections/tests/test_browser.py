"""Sampling pages in Chromium: verify a draw, record a follow-up step, the funnel chart, the
public page without login."""

import datetime as dt

import pytest

from zhiliang.inspections import services
from zhiliang.inspections.models import FollowUp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


@pytest.fixture
def world(office, new_plan, set_quota, catalogue, maker, inspector, record_sample):
    fridge = catalogue["0101"]
    plan = new_plan(name="常州市浏览器测试计划")
    set_quota(plan, fridge, 3, region_code="320412")
    for c in "ABCD":
        maker(fridge, "320412", risk_class=c)
    for _ in range(3):
        inspector("3204")
    draw = services.draw_run(actor=office, plan=plan, seed=5)
    picks = list(draw.picks.select_related("enterprise"))
    good = record_sample(
        plan, picks[0].enterprise, fridge, sampled_on=D(2025, 5, 6), brand="公开牌"
    )
    bad = record_sample(
        plan, picks[1].enterprise, fridge, sampled_on=D(2025, 5, 6), verdict="fail", brand="内部牌"
    )
    services.sample_publish(actor=office, sample=good)
    fu = services.followup_open(actor=office, sample=bad, notified_on=D(2025, 5, 20))
    return {"plan": plan, "draw": draw, "good": good, "bad": bad, "fu": fu}


def test_verify_and_publish_a_draw(page, office, world):
    page.login(office)
    page.goto(page.base_url + f"/sampling/draws/{world['draw'].pk}/")
    assert page.locator("#pick-table tbody tr").count() == 3
    page.click("#draw-verify")
    page.wait_for_selector("#verify-result")
    assert "alert-success" in page.locator("#verify-result").get_attribute("class")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#draw-publish")
    page.wait_for_load_state()
    assert "bg-success" in page.locator("#draw-status").get_attribute("class")


def test_record_a_follow_up_step_with_evidence(page, office, world, tmp_path):
    page.login(office)
    page.goto(page.base_url + f"/sampling/follow-ups/{world['fu'].pk}/")
    # The objection window closed long ago: rectification is what the page offers.
    assert page.locator("#id_action option[value=object]").count() == 0
    page.select_option("#id_action", "order_rectification")
    page.fill("#id_done_on", "2025-06-10")
    page.fill("#id_note", "责令整改")
    evidence = tmp_path / "order.pdf"
    evidence.write_bytes(b"%PDF-1.4 order")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("#step-submit")
    page.wait_for_load_state()
    assert FollowUp.objects.get().state == "rectification"
    assert page.locator("#step-table tbody tr").count() == 2
    assert page.locator(".step-evidence").count() == 1


def test_statistics_page_draws_the_funnel(page, office, world):
    page.login(office)
    page.goto(page.base_url + "/sampling/statistics/")
    page.wait_for_selector("#chart-funnel canvas")
    assert page.locator("#region-table tbody tr").count() == 1


def test_public_page_without_login_shows_only_published(page, world):
    page.goto(page.base_url + "/sampling/public/")
    text = page.locator("#public-table").inner_text()
    assert "公开牌" in text and "内部牌" not in text
    assert page.locator("#user-menu").count() == 0
