"""The pages in Chromium: the board drills down to units, the reveal button logs."""

from datetime import date

import pytest

pytestmark = pytest.mark.browser


def test_board_drills_down_to_the_overdue_units(page, make_user, make_unit):
    from zhiliang.equipment.services import units_refresh_due

    overdue = make_unit("4300", accepted_on=date(2022, 6, 1))
    fine = make_unit("4300", accepted_on=date(2024, 1, 1))
    units_refresh_due(today=date(2023, 6, 5))
    page.login(make_user("office_staff", "320412"))
    page.goto(page.base_url + "/equipment/board/")
    page.locator("#kind-table a").first.click()  # 4000 起重机械, overdue
    page.wait_for_load_state()
    table = page.locator("#unit-table").inner_text()
    assert overdue.register_code in table and fine.register_code not in table
    page.click(f"text={overdue.register_code}")
    page.wait_for_load_state()
    assert "每年定期检验1次" in page.locator("#due-rule").inner_text()


def test_reveal_button_shows_the_number_and_logs(page, make_user, make_operator):
    from zhiliang.core.models import SecurityEvent
    from zhiliang.equipment import crypto
    from zhiliang.equipment.services import REVEAL_EVENT

    op = make_operator()
    page.login(make_user("inspector", "320412"))
    page.goto(page.base_url + f"/equipment/operators/{op.pk}/")
    assert page.locator("#id-number").inner_text() == op.id_number_masked
    page.click("#reveal-id")
    # A function, not an expression string: Playwright evals strings, which the CSP refuses.
    page.wait_for_function("() => document.querySelector('#id-number').innerText.indexOf('*') < 0")
    assert page.locator("#id-number").inner_text() == crypto.decrypt(op.id_number_encrypted)
    assert page.locator("#reveal-id").count() == 0  # the button goes once used (web/site.js)
    assert SecurityEvent.objects.filter(kind=REVEAL_EVENT).count() == 1
