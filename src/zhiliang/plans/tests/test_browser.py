"""Upload document 001 in a real browser, accept the review, and see the plan board."""

from pathlib import Path

import pytest

DOC = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "policy-extraction"
    / "docs"
    / "001_8a852f39fcf6f680.txt"
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not DOC.exists(), reason="the shared folder is not beside the checkout"),
]


def test_upload_review_accept_and_board(page, make_user, make_org):
    make_org("320412", "常州市武进区市场监督管理局")
    office = make_org("320412", "武进区质量工作领导小组办公室", kind="office")
    user = make_user("office_staff", "320412", organization=office)
    page.login(user)
    page.click("[data-menu=plans]")
    page.click("a.dropdown-item[href='/plans/']")
    page.click("#new-plan")
    page.set_input_files("#id_file", str(DOC))
    page.click("#extract")
    page.wait_for_selector("#review-form")
    # The page's scripts draw the marks when it has loaded, not when the form first appears.
    page.wait_for_load_state("load")
    assert page.locator("#targets tbody tr").count() == 27
    assert page.locator("#source mark").count() >= 27
    page.click("#save-plan")
    page.wait_for_selector("#plan-title")
    assert "池州市贵池区" in page.inner_text("#plan-title")
    assert page.locator("#board-targets tbody tr").count() == 27
    assert "常州市武进区市场监督管理局" in page.inner_text("#board-tasks")
    assert page.locator("#chart-phases canvas").count() == 1
