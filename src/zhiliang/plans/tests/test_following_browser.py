"""As users would: a department reporter opens a task from 我的任务 and downloads the evidence
of its report; the office follows a plan's board to a task and its notice."""

from pathlib import Path

import pytest

from zhiliang.plans.tests.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reporter_opens_task_and_evidence(page, world, make_user):
    clerk, plan, tasks, market, reform = world
    reporter = make_user("department_reporter", "320412", organization=reform)
    page.login(reporter)
    page.click("[data-menu=plans]")
    page.click("a.dropdown-item[href='/plans/my-tasks/']")
    page.click("#my-tasks >> text=推进标准化建设")
    page.wait_for_selector("#task-title")
    assert page.inner_text("#task-state") == "逾期完成"
    assert "说明推进标准化建设" in page.inner_text("#task-description")
    assert "推进标准化建设进展" in page.inner_text("#task-reports")
    with page.expect_download() as info:
        page.click(".evidence-link")
    download = info.value
    assert download.suggested_filename == "验收报告.pdf"
    assert Path(download.path()).read_bytes() == PDF


def test_office_follows_board_to_task_and_notice(page, world):
    clerk, plan, tasks, market, reform = world
    page.login(clerk)
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    units = page.inner_text("#board-units")
    assert market.name in units and "50.0 %" in units
    page.click("#board-tasks >> text=开展质量提升行动")
    page.wait_for_selector("#task-title")
    assert page.inner_text("#task-state") == "逾期未完成"
    assert "逾期未完成，请说明" in page.inner_text("#task-notices")
    assert market.name in page.inner_text("#task-leads")
