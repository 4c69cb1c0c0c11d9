"""As users would: 武进区's office adopts 江苏省's plan with its own value and lead unit, the
district's reporter reports the target's task, and the province's board shows 武进区."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_adopts_reports_and_province_sees_it(page, chain):
    plan, rate, brands, task, people = chain
    bureau = people["district_bureau"]
    page.login(people["district"])
    page.click("[data-menu=plans]")
    page.click("a.dropdown-item[href='/plans/']")
    page.click(f"#plan-table >> text={plan.title}")
    page.click("#adopt-plan")
    page.uncheck(f"[name=t-{brands.pk}-adopt]")
    page.fill(f"[name=t-{rate.pk}-value]", "96")
    page.select_option(f"[name=k-{task.pk}-lead]", label=bureau.name)
    page.click("#adopt-save")
    page.wait_for_selector("#adopted-from")
    assert plan.title in page.inner_text("#adopted-from")
    assert page.locator("#board-targets tbody tr").count() == 1
    assert "96" in page.inner_text("#board-targets")
    assert bureau.name in page.inner_text("#board-tasks")
    page.context.clear_cookies()
    page.login(people["reporter"])
    page.goto(page.base_url + "/plans/my-tasks/")
    page.click("#my-tasks >> text=实施质量提升工程")
    page.click("#report-progress")
    page.select_option("#id_status", "done")
    page.fill("#id_narrative", "已完成质量提升工程年度任务")
    page.click("#submit-report")
    page.wait_for_selector("#my-tasks")
    page.context.clear_cookies()
    page.login(people["province"])
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    assert "武进区" in page.inner_text("#rollup-targets thead")
    tasks = page.inner_text("#rollup-tasks")
    assert "武进区" in tasks and "100.0 %" in tasks
