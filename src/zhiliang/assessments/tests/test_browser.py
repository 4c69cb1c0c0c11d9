"""The result page in a real browser: ranking chart, decide a manual check, publish."""

import pytest

from zhiliang.assessments import services
from zhiliang.assessments.choices import SubjectKind
from zhiliang.assessments.models import ItemScore
from zhiliang.core.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_result_page_decide_and_publish(page, scheme, office, changzhou_values):
    result = services.result_run(
        actor=office,
        scheme=scheme,
        region=Region.objects.get(code="3204"),
        subject_kind=SubjectKind.REGION,
    )
    checks = list(ItemScore.objects.filter(entry__result=result, kind="manual").order_by("id"))
    for score in checks[1:]:
        services.itemscore_decide(actor=office, score=score, passed=True, note="ok")
    page.login(office)
    page.goto(page.base_url + f"/assessments/results/{result.pk}/")
    page.wait_for_selector("#chart-ranking canvas")
    assert page.locator("#ranking tbody tr").count() == 6
    assert page.locator("#open-checks").count() == 1
    # Decide the last open check from its form on the page.
    form = page.locator(f"form[action='/assessments/scores/{checks[0].pk}/decide/']")
    form.locator("select[name=passed]").select_option("1")
    form.locator("input[name=note]").fill("培训签到表已核")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#ranking")
    assert page.locator("#open-checks").count() == 0
    page.click("#publish")
    page.wait_for_selector("#result-status .text-bg-success")
    assert page.locator("#publish").count() == 0
    assert page.locator("#breakdown tbody tr").count() == 6
