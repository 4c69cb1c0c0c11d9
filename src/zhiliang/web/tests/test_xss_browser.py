"""The home page's charts show region and industry names as text, never as markup."""

import pytest

from zhiliang.core.models import Region
from zhiliang.enterprises.models import Industry
from zhiliang.web.tests import xss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_charts_show_markup_names_as_text(page, make_user, make_enterprise):
    user = make_user("viewer", "3204")
    make_enterprise("320412001")
    make_enterprise("320411002")
    Region.objects.filter(code="320412").update(name=xss.XSS_IMG)
    Region.objects.filter(code="320411").update(name=xss.XSS_SCRIPT)
    section = Industry.objects.get(code="34").parent_id
    Industry.objects.filter(pk=section).update(name=xss.XSS_IMG)
    errors = xss.watch(page)
    page.login(user)
    page.goto(page.base_url + "/")
    xss.assert_chart_shows_names_as_text(
        page, "#chart-regions", [xss.XSS_IMG, xss.XSS_SCRIPT], errors
    )
    xss.assert_chart_shows_names_as_text(page, "#chart-sections", [xss.XSS_IMG], errors)
    xss.assert_inline_script_blocked(page)
