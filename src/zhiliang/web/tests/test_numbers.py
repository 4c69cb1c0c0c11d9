"""Numbers as offices write them: 56,000; 18,819 (not 18819.00); 89.4 %; scores as the report."""

import re
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from zhiliang.assessments.scoring import figure as report_figure
from zhiliang.web.templatetags.numbers import count, figure, in_unit, percent, rate, score


def test_counts_have_thousands_separators_and_no_decimals():
    assert count(56000) == "56,000"
    assert count(Decimal("18819.00")) == "18,819"
    assert count(7) == "7"
    assert count(None) == "—"
    assert count("not a number") == "—"


def test_figures_drop_trailing_zeros():
    assert figure(Decimal("1234.5000")) == "1,234.5"
    assert figure(Decimal("18819.0000")) == "18,819"
    assert figure(Decimal("0.125")) == "0.13"
    assert figure(None) == "—"


def test_values_in_percent_to_one_decimal_others_as_figures():
    assert in_unit(Decimal("89.3900"), "%") == "89.4"
    assert in_unit(Decimal("100"), "%") == "100.0"
    assert in_unit(Decimal("18819.0000"), "家") == "18,819"
    assert in_unit(None, "%") == "—"


def test_rates_in_one_style():
    assert rate(0.8939) == "89.4 %"
    assert rate(Decimal("1")) == "100.0 %"
    assert percent(Decimal("89.39")) == "89.4 %"
    assert rate(None) == "—"


@pytest.mark.parametrize("value", ["91.456", "91.5", "91.00", "0", "87.125", "100"])
def test_scores_as_the_docx_report_writes_them(value):
    assert score(Decimal(value)) == report_figure(Decimal(value))


@pytest.mark.django_db
def test_home_shows_56000_enterprises_as_56000(client, make_user):
    client.force_login(make_user("office_staff", "3204"))
    by_region = [{"code": "320412", "name": "武进区", "count": 56000}]
    with mock.patch(
        "zhiliang.enterprises.selectors.enterprise_counts_by_child_region", return_value=by_region
    ):
        page = client.get("/").content.decode()
    assert '<div class="display-6" id="total-enterprises">56,000</div>' in page


@pytest.mark.django_db
def test_statistics_show_a_pass_rate_of_0_8939_as_89_4_percent(client, make_user):
    client.force_login(make_user("office_staff", "3204"))
    chart = {"overall": 0.8939, "points": [], "curves": {}, "total": 18819}
    with mock.patch("zhiliang.inspections.stats.funnel", return_value=chart):
        page = client.get(reverse("inspections:statistics")).content.decode()
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.S)  # the chart's data aside
    assert "89.4 %" in shown and "18,819" in shown
    assert "0.8939" not in shown
