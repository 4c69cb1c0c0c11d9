"""The statistics funnel shows region names as text, never as markup."""

import datetime as dt

import pytest

from zhiliang.core.models import Region
from zhiliang.web.tests import xss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_funnel_shows_markup_region_names_as_text(
    page, office, new_plan, catalogue, maker, record_sample
):
    fridge = catalogue["0101"]
    plan = new_plan(name="常州市浏览器测试计划")
    for region_code, verdict in (("320412", "pass"), ("320411", "fail")):
        record_sample(
            plan,
            maker(fridge, region_code),
            fridge,
            sampled_on=dt.date(2025, 5, 6),
            verdict=verdict,
        )
    Region.objects.filter(code="320412").update(name=xss.XSS_IMG)
    Region.objects.filter(code="320411").update(name=xss.XSS_SCRIPT)
    errors = xss.watch(page)
    page.login(office)
    page.goto(page.base_url + "/sampling/statistics/")
    xss.assert_chart_shows_names_as_text(
        page, "#chart-funnel", [xss.XSS_IMG, xss.XSS_SCRIPT], errors
    )
    xss.assert_inline_script_blocked(page)
