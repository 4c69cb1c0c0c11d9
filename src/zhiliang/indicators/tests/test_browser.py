import pytest

from zhiliang.conftest import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_explorer_in_the_browser(page, make_user, world):
    from datetime import date

    from zhiliang.indicators import engine
    from zhiliang.indicators import periods as P
    from zhiliang.indicators.catalogue import catalogue_load

    catalogue_load()
    engine.compute(periods=P.periods_between(date(2024, 1, 1), date(2025, 12, 31)))
    user = make_user("viewer", "3204")
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(page.base_url + "/indicators/")
    page.click("text=enterprise.cqo_share")
    page.select_option("#id_period", "2024-Q2")
    page.wait_for_selector("#chart-ranking canvas")
    page.wait_for_selector("#chart-trend canvas")
    assert page.inner_text("#own-value").strip() == "40.0"  # rates to one decimal
    assert "设立首席质量官" in page.inner_text("#formula")
    # Drill down: 常州市 → 武进区 → its townships.
    page.click("#values-table >> text=武进区")
    page.wait_for_selector("#chart-ranking canvas")
    assert page.inner_text("#own-value").strip() == "50.0"
    assert "戚墅堰街道" in page.inner_text("#values-table")
    assert "武进区" in page.inner_text(".breadcrumb")
    with page.expect_download() as info:
        page.click("#export-xlsx")
    assert info.value.suggested_filename == "enterprise.cqo_share-320412-2024-Q2.xlsx"
