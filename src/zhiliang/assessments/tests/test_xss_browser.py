"""The assessment result's ranking chart shows subject names as text, never as markup."""

import pytest

from zhiliang.assessments import services
from zhiliang.assessments.choices import SubjectKind
from zhiliang.core.models import Region
from zhiliang.web.tests import xss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ranking_shows_markup_subject_names_as_text(page, scheme, office, changzhou_values):
    Region.objects.filter(code="320412").update(name=xss.XSS_IMG)
    Region.objects.filter(code="320411").update(name=xss.XSS_SCRIPT)
    result = services.result_run(
        actor=office,
        scheme=scheme,
        region=Region.objects.get(code="3204"),
        subject_kind=SubjectKind.REGION,
    )
    errors = xss.watch(page)
    page.login(office)
    page.goto(page.base_url + f"/assessments/results/{result.pk}/")
    xss.assert_chart_shows_names_as_text(
        page, "#chart-ranking", [xss.XSS_IMG, xss.XSS_SCRIPT], errors
    )
    xss.assert_inline_script_blocked(page)
