"""Sampling pages in Chromium: verify a draw, record a follow-up step, the funnel chart, the
public page without login."""

import datetime as dt

import pytest

from zhiliang.inspections import services
from zhiliang.inspections.models import FollowUp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_verify_and_publish_a_draw(page, office, world):
    draw = services.draw_run(actor=office, plan=world["plan"], seed=5)
    page.login(office)
    page.goto(page.base_url + f"/sampling/draws/{draw.pk}/")
    assert page.locator("#pick-table tbody tr").count() == draw.picks.count() == 4
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
    page.goto(page.base_url + "/public/sampling/")
    text = page.locator("#public-table").inner_text()
    assert "公开牌" in text and "内部牌" in text and "隐藏牌" not in text
    assert page.locator("#user-menu").count() == 0
