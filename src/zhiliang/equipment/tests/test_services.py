"""Stored due dates: computed on create, moved by inspections, overridden with a reason,
reclassified by the daily refresh; due dates that arrive are written once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhiliang.equipment import services
from zhiliang.equipment.choices import DueState
from zhiliang.equipment.models import EquipmentUnit, InspectionDue


def inspect(unit, actor, day, conclusion="pass", today=None, **more):
    return services.inspection_record(
        actor=actor,
        data={
            "unit": unit,
            "inspected_on": day,
            "inspection_body": "常州市特种设备检验所",
            "conclusion": conclusion,
            "report_number": f"R{day:%Y%m%d}",
            **more,
        },
        today=today or day,
    )


def test_create_stores_the_due_date_with_the_cli_rule_text(make_unit):
    unit = make_unit("3110", accepted_on=date(2020, 3, 10), today=date(2020, 4, 1))
    assert unit.next_due_on == date(2021, 3, 10)  # year 1 after acceptance
    assert unit.due_rule.startswith("elevator: 监督检验后第1、4、7、9、11、13、15年")
    assert unit.due_rule.endswith("| TSG T7001-2023《电梯监督检验和定期检验规则》 | ✓")
    assert unit.due_reason == "year 1 after acceptance 2020-03-10"
    assert unit.due_state == DueState.OK and unit.kind_code == "3000"
    assert unit.category_code == "3100"


def test_stored_text_is_what_the_cli_prints(make_unit, capsys):
    from zhiliang.equipment.cli import main

    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    main(["next-due", "--code", "4300", "--accepted", "2022-06-01", "--as-of", "2022-07-01"])
    lines = capsys.readouterr().out.splitlines()
    assert lines == [unit.next_due_on.isoformat(), unit.due_rule, f"reason: {unit.due_reason}"]


def test_unit_without_a_rule_keeps_the_reason(make_unit):
    unit = make_unit("2210", accepted_on=date(2020, 1, 1))  # 铁路罐车: no rule in the data
    assert unit.next_due_on is None and unit.due_state == DueState.UNKNOWN
    assert "no periodic-inspection rule for 2210" in unit.due_reason


def test_passing_inspection_moves_the_due_date_and_meets_it_on_time(make_unit, clerk):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    assert unit.next_due_on == date(2023, 6, 1)
    inspect(unit, clerk, date(2023, 5, 20))
    unit.refresh_from_db()
    assert unit.last_inspected_on == date(2023, 5, 20) and unit.next_due_on == date(2024, 5, 20)
    met = InspectionDue.objects.get(unit=unit)
    assert (met.due_on, met.inspected_on) == (date(2023, 6, 1), date(2023, 5, 20))


def test_late_inspection_meets_the_open_due_date_late(make_unit, clerk):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    services.units_refresh_due(today=date(2023, 7, 1))
    unit.refresh_from_db()
    assert unit.due_state == DueState.OVERDUE
    open_due = InspectionDue.objects.get(unit=unit)
    assert open_due.due_on == date(2023, 6, 1) and open_due.inspected_on is None
    inspect(unit, clerk, date(2023, 7, 10))
    open_due.refresh_from_db()
    assert open_due.inspected_on == date(2023, 7, 10)  # late: after 2023-06-01
    unit.refresh_from_db()
    assert unit.next_due_on == date(2024, 7, 10)


def test_failing_inspection_moves_nothing(make_unit, clerk):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    inspect(unit, clerk, date(2023, 5, 20), conclusion="fail")
    unit.refresh_from_db()
    assert unit.last_inspected_on is None and unit.next_due_on == date(2023, 6, 1)
    assert not InspectionDue.objects.filter(unit=unit).exists()


def test_elevator_inspection_too_early_does_not_meet_the_due_date(make_unit, clerk):
    unit = make_unit("3110", accepted_on=date(2020, 3, 10), today=date(2020, 4, 1))
    inspect(unit, clerk, date(2020, 12, 1), today=date(2020, 12, 1))  # > 2 months early
    unit.refresh_from_db()
    assert unit.next_due_on == date(2021, 3, 10)
    assert not InspectionDue.objects.filter(unit=unit).exists()
    inspect(unit, clerk, date(2021, 1, 20), today=date(2021, 1, 20))  # within 2 months
    unit.refresh_from_db()
    assert unit.next_due_on == date(2024, 3, 10)  # year 4, dates unchanged
    assert InspectionDue.objects.get(unit=unit).inspected_on == date(2021, 1, 20)


def test_vessel_grade_from_the_inspection_sets_the_interval(make_unit, clerk):
    unit = make_unit("2150", accepted_on=date(2021, 6, 1), today=date(2021, 7, 1))
    assert unit.next_due_on == date(2024, 6, 1)
    inspect(unit, clerk, date(2024, 5, 20), safety_grade=3)
    unit.refresh_from_db()
    assert unit.safety_grade == 3 and unit.next_due_on == date(2027, 5, 20)


def test_inspection_before_acceptance_or_in_the_future_is_refused(make_unit, clerk):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    with pytest.raises(ValidationError):
        inspect(unit, clerk, date(2022, 5, 1), today=date(2022, 7, 1))
    with pytest.raises(ValidationError):
        inspect(unit, clerk, date(2022, 8, 1), today=date(2022, 7, 1))


def test_inspector_of_another_district_cannot_record(make_unit, make_user):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1))
    stranger = make_user("inspector", "320411")
    with pytest.raises(Http404):  # another district's unit: as if it did not exist
        inspect(unit, stranger, date(2023, 5, 1))


def test_override_with_reason_is_stored_and_audited(make_unit, clerk):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    with pytest.raises(ValidationError, match="reason"):
        services.unit_set_override(actor=clerk, unit=unit, reason="", every_years=2)
    services.unit_set_override(
        actor=clerk,
        unit=unit,
        reason="检验机构书面意见",
        due_on=date(2023, 3, 1),
        today=date(2022, 7, 1),
    )
    unit.refresh_from_db()
    assert unit.next_due_on == date(2023, 3, 1)
    assert unit.due_rule.startswith("override: 单位调整：下次检验日期 2023-03-01")
    assert "rule lifting_yearly would give 2023-06-01" in unit.due_reason
    last = unit.history.first()
    assert last.history_user == clerk and last.override_reason == "检验机构书面意见"
    assert last.history_change_reason == "override: 检验机构书面意见"
    services.unit_set_override(actor=clerk, unit=unit, reason="")  # clears
    unit.refresh_from_db()
    assert unit.next_due_on == date(2023, 6, 1) and not unit.has_override


def test_override_shorter_than_the_minimum_is_refused(make_unit, clerk):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1))
    with pytest.raises(ValidationError, match="never shorter"):
        services.unit_set_override(actor=clerk, unit=unit, reason="x", due_on=date(2022, 8, 1))


def test_viewer_cannot_override(make_unit, make_user):
    unit = make_unit("4300")
    with pytest.raises(PermissionDenied):
        services.unit_set_override(
            actor=make_user("viewer", "320412"), unit=unit, reason="x", every_years=2
        )


def test_refresh_classifies_every_unit_against_today(make_unit, django_assert_max_num_queries):
    a = make_unit("4300", accepted_on=date(2022, 6, 1))  # due 2023-06-01
    b = make_unit("4300", accepted_on=date(2022, 6, 20))  # due 2023-06-20
    c = make_unit("4300", accepted_on=date(2022, 9, 1))  # due 2023-09-01
    d = make_unit(
        "4300", accepted_on=date(2022, 6, 1), status="scrapped", retired_on=date(2022, 12, 1)
    )
    with django_assert_max_num_queries(12):  # set-based: no query per unit
        services.units_refresh_due(today=date(2023, 6, 5))
    states = dict(EquipmentUnit.objects.values_list("pk", "due_state"))
    assert states == {a.pk: "overdue", b.pk: "due_soon", c.pk: "ok", d.pk: "inactive"}
    assert list(InspectionDue.objects.values_list("unit_id", "due_on")) == [
        (a.pk, date(2023, 6, 1))
    ]
    services.units_refresh_due(today=date(2023, 6, 5))  # twice: nothing new
    assert InspectionDue.objects.count() == 1


def test_refresh_recomputes_units_of_an_old_rules_version(make_unit):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1))
    EquipmentUnit.objects.filter(pk=unit.pk).update(
        next_due_on=date(2030, 1, 1), due_rules_version="old"
    )
    services.units_refresh_due(today=date(2022, 7, 1))
    unit.refresh_from_db()
    assert unit.next_due_on == date(2023, 6, 1) and unit.due_rules_version != "old"


def test_daily_jobs_list_the_refresh():
    from zhiliang.daily import DAILY_JOBS

    assert ("equipment due dates refreshed", "zhiliang.equipment.tasks.refresh_due_dates") in (
        DAILY_JOBS
    )


def test_task_wraps_the_refresh(make_unit):
    from zhiliang.equipment.tasks import refresh_due_dates

    make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    assert refresh_due_dates.call("2023-07-01") == 1
