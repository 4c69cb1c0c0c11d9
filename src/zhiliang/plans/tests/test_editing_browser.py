"""As the office would: open a saved plan, add and correct a target, add a phase, add a task
with its units and due date, and try to remove a task that has reports."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_edits_a_saved_plan(page, world):
    clerk, plan, tasks, market, reform = world
    page.login(clerk)
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    page.click("#edit-plan")
    new = page.locator("#target-new")
    new.locator("[name=indicator_text]").fill("监督抽查合格率")
    new.locator("[name=value]").fill("95")
    new.locator("[name=unit]").fill("%")
    new.locator(".row-save").click()
    row = page.locator(".target-row").first
    # expect() waits for the saved page; a bare read could see the one before it.
    expect(row.locator("[name=indicator_text]")).to_have_value("监督抽查合格率")
    row.locator("[name=value]").fill("97")
    row.locator(".row-save").click()
    expect(page.locator(".target-row [name=value]").first).to_have_value("97")
    phase = page.locator("#phase-new")
    phase.locator("[name=name]").fill("总结验收阶段")
    phase.locator("[name=starts_on]").fill("2026-11-01")
    phase.locator("[name=ends_on]").fill("2026-12-31")
    phase.locator(".row-save").click()
    expect(page.locator(".phase-row")).to_have_count(1)
    page.click("#add-task")
    page.fill("#id_title", "开展质量品牌培育")
    page.fill("#id_due_on", "2027-06-30")
    page.select_option("#id_lead", label=market.name)
    page.select_option("#id_cooperating", label=reform.name)
    page.click("#task-save")
    page.wait_for_selector("#task-title")
    assert page.inner_text("#task-title") == "开展质量品牌培育"
    assert page.inner_text("#task-leads") == market.name
    assert page.inner_text("#task-due") == "2027-06-30"
    # A task with reports stays when someone tries to remove it.
    page.goto(page.base_url + f"/plans/tasks/{tasks['late'].pk}/edit/")
    page.click("#task-delete")
    page.wait_for_selector("#task-title")
    assert "推进标准化建设" in page.inner_text("#task-title")
    board = page.goto(page.base_url + f"/plans/{plan.pk}/")
    assert board.ok and "97" in page.inner_text("#board-targets")
