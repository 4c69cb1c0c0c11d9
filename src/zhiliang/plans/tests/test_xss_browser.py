"""The plan timeline shows phase names as text: a phase named like markup runs nothing."""

import pytest

from zhiliang.core.models import Region
from zhiliang.plans import services
from zhiliang.web.tests import xss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_timeline_shows_markup_phase_names_as_text(page, make_user, make_org):
    office = make_org("320412", "武进区质量工作领导小组办公室", kind="office")
    user = make_user("office_staff", "320412", organization=office)
    plan = services.plan_create(
        actor=user,
        region=Region.objects.get(code="320412"),
        source_text="关于推进质量强区建设的实施方案……",
        meta={"title": "质量强区建设实施方案", "period_start": "2026-01", "period_end": "2026-12"},
        targets=[],
        phases=[
            {"name": xss.XSS_IMG, "start": "2026-01", "end": "2026-03"},
            {"name": xss.XSS_SCRIPT, "start": "2026-04", "end": "2026-12"},
        ],
        tasks=[],
    )
    errors = xss.watch(page)
    page.login(user)
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    xss.assert_chart_shows_names_as_text(
        page, "#chart-phases", [xss.XSS_IMG, xss.XSS_SCRIPT], errors
    )
    xss.assert_inline_script_blocked(page)
