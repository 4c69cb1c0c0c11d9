"""The indicator explorer's charts show region names as text, never as markup."""

from datetime import date

import pytest

from zhiliang.core.models import Region
from zhiliang.web.tests import xss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_explorer_charts_show_markup_region_names_as_text(page, make_user, world, catalogue):
    from zhiliang.indicators import engine
    from zhiliang.indicators import periods as P

    engine.compute(periods=P.periods_between(date(2024, 1, 1), date(2024, 12, 31)))
    Region.objects.filter(code="320412").update(name=xss.XSS_IMG)
    Region.objects.filter(code="320411").update(name=xss.XSS_SCRIPT)
    user = make_user("viewer", "3204")
    errors = xss.watch(page)
    page.login(user)
    page.goto(page.base_url + "/indicators/enterprise.cqo_share/?period=2024-Q2")
    xss.assert_chart_shows_names_as_text(
        page, "#chart-ranking", [xss.XSS_IMG, xss.XSS_SCRIPT], errors
    )
    xss.assert_chart_shows_names_as_text(page, "#chart-trend", ["2024-Q2"], errors)
    xss.assert_inline_script_blocked(page)
