"""Date pickers hold ISO dates, which browsers accept, in every language."""

from datetime import date

import pytest
from django.utils import translation

from zhiliang.plans.forms import ReportForm


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_report_form_prefills_its_date_as_iso(language):
    with translation.override(language):
        html = str(ReportForm(initial={"reported_on": date(2026, 12, 5)})["reported_on"])
    assert 'type="date"' in html and 'value="2026-12-05"' in html
