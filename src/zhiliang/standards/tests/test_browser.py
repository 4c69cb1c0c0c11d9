"""The main flow in Chromium: a standard refused for its number's format with the expected
pattern, registered once written right; an enterprise's self-declaration shown with what it
lacks."""

import pytest

pytestmark = pytest.mark.browser


def test_register_a_standard_and_a_declaration(page, make_user, make_enterprise):
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import EnterpriseProduct, Product
    from zhiliang.standards.models import EnterpriseStandard, Standard

    products_load(Product)  # a live server's test flushes the catalogue the migrations loaded
    firm = make_enterprise("320412")
    EnterpriseProduct.objects.create(enterprise=firm, product=Product.objects.get(code="0107"))
    page.login(make_user("office_staff", "320412"))
    page.goto(page.base_url + "/standards/new/")
    page.fill("#id_number", "GB 4706.1 2005")
    page.fill("#id_title", "家用和类似用途电器的安全 第1部分：通用要求")
    page.select_option("#id_level", "national")
    page.fill("#id_issued_on", "2005-08-26")
    page.fill("#id_implemented_on", "2006-08-01")
    page.click("#standard-submit")
    page.wait_for_load_state()
    assert "GB/T 19580-2012" in page.locator("#standard-form").inner_text()
    assert not Standard.objects.exists()
    page.fill("#id_number", "GB 4706.1—2005")
    page.click("#standard-submit")
    page.wait_for_load_state()
    assert "GB 4706.1-2005" in page.locator("h1").inner_text()

    page.goto(page.base_url + "/standards/applied/new/")
    page.fill("#id_enterprise_uscc", firm.uscc)
    page.fill("#id_product_code", "0107")
    page.fill("#id_standard_number", "GB 4706.1-2005")
    page.fill("#id_declared_on", "2025-03-01")
    page.fill("#id_items", "泄漏电流：GB 4706.1 第13章\n电气强度：")
    page.click("#applied-submit")
    page.wait_for_load_state()
    gaps = page.locator("#declaration-gaps").inner_text()
    assert "电气强度" in gaps and "接地电阻" in gaps
    assert EnterpriseStandard.objects.get().complete is False
