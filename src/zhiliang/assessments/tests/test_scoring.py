"""The scoring, grading, ranking and status rules over plain numbers."""

from datetime import date
from decimal import Decimal as D

import pytest

from zhiliang.assessments.choices import ScoringRule, TargetState
from zhiliang.assessments.matching import suggest_code
from zhiliang.assessments.scoring import Point, grade_for, item_score, ranks, target_status

LINEAR, PASS_FAIL = ScoringRule.LINEAR, ScoringRule.PASS_FAIL
BANDS = [["A", 90], ["B", 80], ["C", 60], ["D", 0]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (95, "20.00"),  # beyond the target: full marks
        (90, "20.00"),  # at the target: full marks
        (85, "10.00"),  # half way between floor 80 and target 90
        (82.5, "5.00"),
        (80, "0.00"),  # at the floor
        (70, "0.00"),  # below the floor: zero
        (None, "0.00"),  # no value: zero
    ],
)
def test_linear_rule(value, expected):
    assert item_score(rule=LINEAR, points=20, value=value, target=90, floor=80) == D(expected)


def test_linear_without_floor_is_all_or_nothing():
    assert item_score(rule=LINEAR, points=10, value=89.9, target=90) == D("0.00")
    assert item_score(rule=LINEAR, points=10, value=90, target=90) == D("10.00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "10.00"), (2, "10.00"), (3.5, "5.00"), (5, "0.00"), (9, "0.00")],
)
def test_lower_is_better_reverses_the_linear_rule(value, expected):
    # Target at most 2 (e.g. an incident rate), zero points at 5 or more.
    got = item_score(rule=LINEAR, points=10, value=value, target=2, floor=5, lower_is_better=True)
    assert got == D(expected)


def test_pass_fail_rule():
    assert item_score(rule=PASS_FAIL, points=5, passed=True) == D("5.00")
    assert item_score(rule=PASS_FAIL, points=5, passed=False) == D("0.00")
    assert item_score(rule=PASS_FAIL, points=5, passed=None) == D("0.00")
    # On an indicator: reaching the target passes.
    assert item_score(rule=PASS_FAIL, points=5, value=100, target=100) == D("5.00")
    assert item_score(rule=PASS_FAIL, points=5, value=99.9, target=100) == D("0.00")
    assert item_score(rule=PASS_FAIL, points=5, value=3, target=2, lower_is_better=True) == 0


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        item_score(rule="bonus", points=5, value=1, target=1)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "A"),
        (90, "A"),
        (89.99, "B"),
        (80, "B"),
        (79.5, "C"),
        (60, "C"),
        (59.99, "D"),
        (0, "D"),
    ],
)
def test_grade_bands(total, grade):
    assert grade_for(total, BANDS) == grade


def test_veto_makes_the_grade_whatever_the_points():
    assert grade_for(98, BANDS, veto_grade="D") == "D"


def test_ranking_ties_share_a_rank_and_skip_the_next():
    got = ranks([("a", 90, False), ("b", 95, False), ("c", 90, False), ("d", 80, False)])
    assert got == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_vetoed_subject_ranks_last():
    got = ranks([("a", 99, True), ("b", 70, False), ("c", 60, False)])
    assert got == {"b": 1, "c": 2, "a": 3}


# -- status -------------------------------------------------------------------------------

QUARTERS = {
    "2025-Q3": date(2025, 9, 30),
    "2025-Q4": date(2025, 12, 31),
    "2026-Q1": date(2026, 3, 31),
    "2026-Q2": date(2026, 6, 30),
    "2026-Q3": date(2026, 9, 30),
}


def series(*values):
    periods = list(QUARTERS)[-len(values) :]
    return [Point(p, QUARTERS[p], D(str(v))) for p, v in zip(periods, values, strict=True)]


def status(values, *, deadline=date(2026, 12, 31), on=date(2026, 10, 15), comparator=">="):
    return target_status(
        series=series(*values),
        comparator=comparator,
        target=90,
        unit="%",
        deadline=deadline,
        on=on,
    )


def test_achieved_when_the_latest_value_meets_the_target():
    got = status([85, 88, 91.2])
    assert got.state == TargetState.ACHIEVED
    assert got.reason == "latest 91.2 % (2026-Q3) ≥ target 90 %"


def test_on_track_when_the_trend_reaches_the_target_by_the_deadline():
    got = status([84, 86, 88])
    assert got.state == TargetState.ON_TRACK
    assert got.projected >= 90
    assert got.reason.startswith("latest 88 % (2026-Q3) < target 90 %; the trend reaches")


def test_at_risk_when_the_trend_falls_short():
    got = status([88, 87.5, 87])
    assert got.state == TargetState.AT_RISK
    assert got.projected < 90
    assert "reaches only" in got.reason


def test_at_risk_with_a_single_period():
    assert status([85]).state == TargetState.AT_RISK


def test_missed_once_the_deadline_has_passed():
    got = status([84, 86, 88], deadline=date(2026, 6, 30))
    assert got.state == TargetState.MISSED
    assert "the deadline 2026-06-30 has passed" in got.reason


def test_periods_ending_after_the_date_do_not_count():
    # On 2026-08-01 the 2026-Q3 figure does not exist yet.
    got = status([84, 86, 95], on=date(2026, 8, 1))
    assert got.latest.period == "2026-Q2"
    assert got.state != TargetState.ACHIEVED


def test_no_data():
    got = target_status(series=[], comparator=">=", target=90, deadline=None, on=date(2026, 1, 1))
    assert got.state == TargetState.NO_DATA


def test_lower_is_better_target():
    got = status([3, 2.5, 2], comparator="<=")
    # Target "≤ 90" is met by 2.
    assert got.state == TargetState.ACHIEVED


# -- synonyms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("监督抽查合格率", "sampling.pass_rate"),
        ("产品质量监督抽查合格率", "sampling.pass_rate"),
        ("工业产品质量监督抽查合格率", "sampling.pass_rate"),
        ("许可证产品的监督抽查平均合格率", "sampling.pass_rate"),
        ("特种设备定期检验率", "equipment.inspection_on_time_rate"),
        ("特种设备作业人员持证率", "operators.certified_rate"),
        ("强制检定覆盖率", "instruments.verification_coverage"),
        ("列入强制检定目录的在用计量器具受检率", "instruments.verification_coverage"),
        ("食品监督抽查批次合格率", None),  # food is not the industrial sampling rate
        ("监督抽查不合格企业的整改率", None),
        ("3C认证《目录》产品领证率", "licensing.ccc_rate"),
        ("《目录》产品领证率", "licensing.licence_rate"),
        ("特种设备注册登记率", "equipment.registration_rate"),
        ("强制检定合格率", "instruments.verification_pass_rate"),
        ("公共技术服务平台", None),
    ],
)
def test_synonym_suggestion(text, code):
    assert suggest_code(text) == code


def test_suggestion_only_offers_catalogue_indicators():
    catalogue = {"sampling.pass_rate": "监督抽查合格率", "credit.a_share": "A级信用企业占比"}
    assert suggest_code("特种设备定期检验率", catalogue=catalogue) is None
    assert suggest_code("产品质量监督抽查合格率", catalogue=catalogue) == "sampling.pass_rate"
    # An indicator's own catalogue name counts as a synonym.
    assert suggest_code("辖区A级信用企业占比", catalogue=catalogue) == "credit.a_share"
