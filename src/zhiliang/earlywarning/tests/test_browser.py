"""In a real browser: a city clerk opens the 武进区 e-bike signal, assesses it on the matrix,
decides on a card and issues a yellow card with its special rectification plan."""

import pytest

from zhiliang.earlywarning.models import Card, RiskAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signal_to_assessment_to_card(page, cell):
    page.login(cell.city)
    page.goto(page.base_url + f"/risk/signals/{cell.signal.pk}/")
    page.click("#signal-assess")
    page.wait_for_selector("#assessment-form")
    page.select_option("#id_hazard", "fire")
    page.fill("#id_scenario", "锂电池充电时热失控起火，烧伤使用者。")
    page.select_option("#id_severity", "3")
    page.fill("#id_steps", "电池组热失控 | 0.05\n发展为起火 | 1/2\n有人在场 | 0.2")
    page.click("#assessment-submit")
    page.wait_for_selector("#assessment-level")
    assessment = RiskAssessment.objects.get()
    assert assessment.level == "serious"
    assert "1/200" in page.inner_text("#assessment-facts")
    assert page.locator("#risk-matrix .risk-cell-chosen").count() == 1

    page.select_option("#id_decision", "card")
    page.click("#decide-submit")
    page.wait_for_selector("#assessment-card")
    page.click("#assessment-card")
    page.wait_for_selector("#card-form")
    assert page.input_value("#id_region_code") == "320412"
    page.fill("#id_problem", "武进区电动自行车抽检不合格率升至三倍。")
    page.click("#card-submit")
    page.wait_for_selector("#card-colour")
    card = Card.objects.get()
    assert card.assessment == assessment and card.plan is not None
    assert page.locator("#card-plan").inner_text() == card.plan.title
    page.click("#act-sampling")
    page.wait_for_selector("#actions .list-group-item a")
    assert card.actions.get().sampling_plan.quotas.count() == 1
