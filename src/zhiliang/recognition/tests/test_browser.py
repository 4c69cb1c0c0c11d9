"""The round in Chromium: open the round, go to an application, see the panel drawn from
its seed, and the item the reviewers disagree on marked for consensus."""

import pytest

from zhiliang.recognition import services
from zhiliang.recognition.tests.conftest import accepted, full_points

pytestmark = pytest.mark.browser


def test_round_shows_the_drawn_panel_and_the_disputed_item(page, world):
    application = accepted(world, world.firms[0])
    services.panel_draw(actor=world.office, application=application, seed=7)
    seats = list(application.seats.order_by("order"))
    for seat, points in zip(seats, (40, 28, 45), strict=True):  # 4.1.2: spread 17 > gap 10
        services.scores_submit(
            actor=world.office, seat=seat, points={**full_points(), "4.1.2": points}
        )
    page.login(world.office)
    page.goto(f"{page.base_url}/recognition/{world.round.pk}/")
    table = page.locator("#application-table")
    assert world.firms[0].name in table.inner_text()
    table.get_by_role("link", name=world.firms[0].name).first.click()
    page.wait_for_selector("#score-table")
    assert page.locator("#panel-verified").first.get_attribute("class").endswith("success")
    scores = page.locator("#score-table").inner_text()
    for seat in seats:
        assert seat.expert.name in scores
    disputed = page.locator("#score-table tr.table-warning")
    assert disputed.count() == 1 and "4.1.2" in disputed.inner_text()
