"""In Chromium: a failed purchase is found in the list, a result recorded, the case opened."""

from datetime import timedelta

import pytest

pytestmark = pytest.mark.browser


def test_record_a_result_then_open_a_case(
    page, make_user, make_purchase, make_enterprise, make_org
):
    from zhiliang.cases.models import Case

    maker = make_enterprise("320412")
    purchase = make_purchase(enterprise=maker)
    bureau = make_org("320412", name="武进区市场监督管理局")
    bureau.regulates_market = True
    bureau.save()
    page.login(make_user("office_staff", "320412"))
    page.goto(page.base_url + "/monitoring/purchases/")
    page.click(f"text={purchase.number}")
    page.wait_for_load_state()
    page.select_option("#id_item", label="最高车速")
    page.fill("#id_value", "31.5")
    page.click("#result-submit")
    page.wait_for_load_state()
    assert "31.5" in page.locator("#result-table").inner_text()
    assert "超出限值" in page.locator("#result-table").inner_text()
    page.fill("#case-form #id_number", "督-9")
    page.select_option("#case-form #id_office", label=bureau.name)
    page.fill("#case-form #id_due_on", str(purchase.bought_on + timedelta(days=30)))
    page.click("#case-submit")
    page.wait_for_load_state()
    assert "督-9" in page.locator("#purchase-case").inner_text()
    assert Case.objects.get().enterprise == maker
