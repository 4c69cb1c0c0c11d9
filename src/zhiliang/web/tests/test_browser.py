"""A real browser: Playwright driving Debian's Chromium against the live test server."""

import io

import pytest
from openpyxl import load_workbook

from zhiliang.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_login_filter_and_export(page, make_user, make_enterprise, tmp_path):
    user = make_user("viewer", "320412")
    make_enterprise("320412001", name="武进甲机械有限公司")
    make_enterprise("320412002", name="武进乙食品有限公司")
    make_enterprise("320411002", name="新北丙机械有限公司")

    page.goto(page.base_url + "/")
    assert "/login/" in page.url
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#total-enterprises")
    assert page.inner_text("#total-enterprises").strip() == "2"

    page.click("[data-menu=registries]")
    page.click("a.dropdown-item[href='/enterprises/']")
    page.wait_for_selector("#enterprise-table")
    assert "新北丙机械" not in page.content()
    page.fill("#id_q", "机械")
    page.click("#filter-submit")
    page.wait_for_url("**/enterprises/?q=*")
    rows = page.locator("#enterprise-table tbody tr")
    assert rows.count() == 1 and "武进甲机械有限公司" in rows.first.inner_text()

    with page.expect_download() as info:
        page.click("#export-xlsx")
    path = tmp_path / "export.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["武进甲机械有限公司"]
    page.screenshot(path=str(tmp_path / "list.png"), full_page=True)


def test_wrong_password_shows_a_message(page, make_user):
    user = make_user("viewer", "320412")
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    # The click returns once the form is posted, not when the answer is drawn: wait for it.
    page.wait_for_selector(".alert-danger", state="visible")
    assert "/login/" in page.url


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_menu_bar_fits_a_laptop_screen(page, make_user, language):
    """At 1,280 px the whole page is on screen, the user menu and the language included: the
    menu wraps onto a second line in English rather than pushing them off to the right."""
    user = make_user("office_staff", "320412", username="changzhou.office.clerk")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.login(user)
    if language == "en":
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
    # The home page, and the imports with their two dozen kinds (a row that ran to 2,974 px).
    for path in ("/", "/imports/"):
        page.goto(page.base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
        for selector in ("#user-menu", "select[name=language]"):
            box = page.locator(selector).bounding_box()
            assert box["x"] + box["width"] <= 1280, (path, selector)
