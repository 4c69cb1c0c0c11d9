"""Worked deadlines: the holiday calendar, the hour/day/working-day rules, extensions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhiliang.cases import rules, services
from zhiliang.cases.tests.conftest import at
from zhiliang.core import workdays


def _clock(kind, code, grade=""):
    return next(c for c in rules.clocks(kind, grade) if c.code == code)


def test_working_days_skip_the_holiday_and_count_the_make_up_saturday():
    # 2026-09-30 (Wed): 国庆 1–7 Oct off; 10 Oct (Sat) is a make-up working day.
    assert workdays.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert workdays.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert workdays.add_working_days(date(2026, 9, 30), 4) == date(2026, 10, 12)
    # 春节: 15–23 Feb off, 14 Feb (Sat) and 28 Feb (Sat) worked.
    assert workdays.is_working_day(date(2026, 2, 14))
    assert not workdays.is_working_day(date(2026, 2, 16))
    assert workdays.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert workdays.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_a_day_period_ending_on_a_holiday_ends_on_the_next_working_day():
    # 2026-09-01 + 30 days = 1 Oct, in the National Day holiday → 8 Oct.
    assert workdays.add_days(date(2026, 9, 1), 30) == date(2026, 10, 8)
    # + 29 = 30 Sep, a working day: unchanged.
    assert workdays.add_days(date(2026, 9, 1), 29) == date(2026, 9, 30)


def test_report_at_23_30_before_a_holiday():
    """An accident at 23:30 on 30 September: the hour clocks run through the night and the
    holiday; a day period whose last day is a Sunday ends on the Monday."""
    start = at(2026, 9, 30, 23, 30)
    assert rules.due_at(_clock("accident", "unit_report"), start) == at(2026, 10, 1, 0, 30)
    assert rules.due_at(_clock("accident", "report_up"), start) == at(2026, 10, 1, 1, 30)
    # 30 Sep + 30 days = 30 Oct (Fri), a working day.
    assert rules.due_at(_clock("accident", "follow_up"), start) == at(2026, 10, 30, 23, 59, 59)
    # 30 Sep + 60 days = 29 Nov (Sun) → Mon 30 Nov; extended: 120 days = 28 Jan 2027 (Thu).
    clock = _clock("accident", "investigation_report")
    assert rules.due_at(clock, start) == at(2026, 11, 30, 23, 59, 59)
    assert rules.due_at(clock, start, extended=True) == at(2027, 1, 28, 23, 59, 59)


def test_filing_clock_counts_working_days():
    # Found 2026-09-25 (Fri, 中秋 off 25–27): 15 working days skip 中秋 and 国庆,
    # count the make-up days 20 Sep (before) no, 10 Oct yes.
    due = rules.due_at(_clock("supervised", "filing"), at(2026, 9, 24, 16, 0))
    # 28,29,30 Sep (3), 8,9,10 Oct (6), 12–16 Oct (11), 19–22 Oct (15)
    assert due == at(2026, 10, 22, 23, 59, 59)


def test_approval_takes_30_days_for_the_highest_grade_only():
    assert _clock("accident", "approval", "general").amount == 15
    assert _clock("accident", "approval", "extraordinary").amount == 30


@pytest.mark.django_db
def test_accident_clocks_met_and_late(make_accident, clerk):
    case = make_accident(opened_at=at(2026, 3, 2, 9, 0), reported_at=at(2026, 3, 2, 10, 30))
    clocks = {d.kind: d for d in case.deadlines.all()}
    assert set(clocks) == {"unit_report", "report_up", "follow_up", "investigation_report"}
    assert clocks["unit_report"].state == "met_late"  # 90 minutes after, not 60
    assert clocks["report_up"].due == at(2026, 3, 2, 12, 30)
    services.case_advance(actor=clerk, case=case, to="escalated", at=at(2026, 3, 2, 11, 0))
    assert case.deadlines.get(kind="report_up").state == "met"


@pytest.mark.django_db
def test_extension_once_and_only_where_the_rule_allows(make_accident, clerk):
    case = make_accident()
    deadline = case.deadlines.get(kind="investigation_report")
    # 2 Mar + 60 days = 1 May, in the 劳动节 holiday (1–5 May) → 6 May.
    assert deadline.due == at(2026, 5, 6, 23, 59, 59)
    deadline = services.deadline_extend(actor=clerk, deadline=deadline, reason="案情复杂")
    # + 120 days = 30 June (Tue).
    assert deadline.extended and deadline.due == at(2026, 6, 30, 23, 59, 59)
    with pytest.raises(ValidationError):
        services.deadline_extend(actor=clerk, deadline=deadline, reason="再延")
    with pytest.raises(ValidationError):
        services.deadline_extend(
            actor=clerk, deadline=case.deadlines.get(kind="follow_up"), reason="x"
        )


@pytest.mark.django_db
def test_a_stage_cannot_be_skipped(make_accident, clerk):
    case = make_accident()
    with pytest.raises(ValidationError) as err:
        services.case_advance(actor=clerk, case=case, to="investigating")
    assert "to" in err.value.message_dict
    case.refresh_from_db()
    assert case.stage == "reported" and case.steps.count() == 1
