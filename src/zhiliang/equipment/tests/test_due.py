"""Every due-date rule with worked dates (the arithmetic in the comments)."""

from datetime import date

import pytest

from zhiliang.equipment.due import add_months, next_due

D = date.fromisoformat
AS_OF = D("2020-01-01")


def due(code, accepted, last=None, as_of=None, **kw):
    last = last and D(last)
    as_of = as_of or AS_OF
    return next_due(code=code, accepted=D(accepted), last_inspected=last, as_of=as_of, **kw)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        ("2021-03-10", -2, "2021-01-10"),
        ("2021-03-31", -1, "2021-02-28"),  # no 31 February
        ("2020-04-30", -2, "2020-02-29"),
        ("2020-01-31", -2, "2019-11-30"),
        ("2020-02-29", 12, "2021-02-28"),  # Feb 29 anniversary → Feb 28
        ("2020-02-29", 48, "2024-02-29"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(D(day), months) == D(expected)


# Elevators (TSG T7001-2023): anniversaries of acceptance 2020-03-10 in years
# 1, 4, 7, 9, 11, 13, 15, then yearly: 16, 17.
ELEVATOR = [
    (1, "2021-03-10"),
    (4, "2024-03-10"),
    (7, "2027-03-10"),
    (9, "2029-03-10"),
    (11, "2031-03-10"),
    (13, "2033-03-10"),
    (15, "2035-03-10"),
    (16, "2036-03-10"),
    (17, "2037-03-10"),
]


def test_elevator_first_due_one_year_after_acceptance():
    result = due("3110", "2020-03-10", as_of=D("2020-03-10"))
    assert result.date == D("2021-03-10")
    assert (result.rule_id, result.certainty) == ("elevator", "✓")
    assert result.source.startswith("TSG T7001-2023")


@pytest.mark.parametrize("before, after", list(zip(ELEVATOR, ELEVATOR[1:], strict=False)))
def test_elevator_pattern_through_year_17(before, after):
    # Inspected on time on one due date → the next date in the pattern.
    result = due("3110", "2020-03-10", last=before[1], as_of=D(before[1]))
    assert result.date == D(after[1])
    assert f"year {after[0]} after acceptance" in result.reason
    assert result.certainty == ("✓" if after[0] <= 15 else "?")  # yearly after 15 is "?"


@pytest.mark.parametrize(
    "inspected, expected",
    [
        ("2021-01-20", "2024-03-10"),  # 7 weeks early: counts for 2021-03-10, not 2024-01-20
        ("2021-01-10", "2024-03-10"),  # 2021-03-10 − 2 months = 2021-01-10: just inside
        ("2021-01-09", "2021-03-10"),  # one day more than 2 months early: does not count
        ("2021-06-01", "2024-03-10"),  # late still satisfies year 1
        ("2022-05-01", "2024-03-10"),  # an inspection in a self-testing year
        ("2024-01-10", "2027-03-10"),  # 2 months before year 4
    ],
)
def test_elevator_advance_of_two_months_does_not_move_later_dates(inspected, expected):
    result = due("3310", "2020-03-10", last=inspected, as_of=D(inspected))
    assert result.date == D(expected)


def test_elevator_early_inspection_is_explained():
    result = due("3110", "2020-03-10", last="2021-01-20", as_of=D("2021-02-01"))
    assert "the inspection of 2021-01-20 counts for 2021-03-10" in result.reason


def test_elevator_advance_window_at_month_end():
    # Accepted 2019-04-30: year 1 is 2020-04-30, its window opens 2020-02-29 (no 30 February).
    assert due("3110", "2019-04-30", last="2020-02-29", as_of=D("2020-03-01")).date == D(
        "2023-04-30"
    )
    assert due("3110", "2019-04-30", last="2020-02-28", as_of=D("2020-03-01")).date == D(
        "2020-04-30"
    )


def test_elevator_accepted_on_29_february():
    # 2020-02-29 + 1 → 2021-02-28; + 4 → 2024-02-29 (leap); + 7 → 2027-02-28.
    assert due("3120", "2020-02-29").date == D("2021-02-28")
    assert due("3120", "2020-02-29", last="2021-02-28", as_of=D("2021-03-01")).date == D(
        "2024-02-29"
    )
    assert due("3120", "2020-02-29", last="2024-02-29", as_of=D("2024-03-01")).date == D(
        "2027-02-28"
    )


def test_an_overdue_date_is_still_the_answer():
    # Accepted 2020-03-10, no inspection recorded, asked on 2026-01-01: year 1 was missed.
    result = due("3110", "2020-03-10", as_of=D("2026-01-01"))
    assert result.date == D("2021-03-10")
    assert result.reason.endswith("overdue on 2026-01-01")


@pytest.mark.parametrize(
    "code, accepted, last, expected, rule_id, certainty",
    [
        # Tower, mobile cranes, hoists: 1 year from the last inspection, else acceptance.
        ("4310", "2023-05-15", None, "2024-05-15", "lifting_yearly", "✓"),
        ("4310", "2023-05-15", "2024-05-02", "2025-05-02", "lifting_yearly", "✓"),
        ("4420", "2023-05-15", None, "2024-05-15", "lifting_yearly", "✓"),
        ("4860", "2023-05-15", "2024-02-29", "2025-02-28", "lifting_yearly", "✓"),
        # Bridge, gantry, portal cranes, parking equipment: 2 years.
        ("4110", "2023-05-15", None, "2025-05-15", "lifting_two_yearly", "✓"),
        ("4210", "2023-05-15", "2025-04-01", "2027-04-01", "lifting_two_yearly", "✓"),
        ("4710", "2023-05-15", None, "2025-05-15", "lifting_two_yearly", "✓"),
        ("4D00", "2023-05-15", None, "2025-05-15", "lifting_two_yearly", "✓"),
        ("4A00", "2023-05-15", None, "2025-05-15", "lifting_two_yearly_other", "?"),
        # Hot-metal (metallurgical) bridge cranes: 1 year.
        ("4150", "2023-05-15", None, "2024-05-15", "lifting_hot_metal", "?"),
        # Boilers: external inspection yearly.
        ("1100", "2022-11-30", None, "2023-11-30", "boiler", "✓"),
        ("1310", "2022-11-30", "2023-11-20", "2024-11-20", "boiler", "✓"),
        # Amusement rides, ropeways, field vehicles: yearly, "?".
        ("6100", "2023-07-01", None, "2024-07-01", "amusement_ride", "?"),
        ("6D10", "2023-07-01", "2024-06-15", "2025-06-15", "amusement_ride", "?"),
        ("9110", "2023-07-01", None, "2024-07-01", "ropeway", "?"),
        ("5110", "2023-07-01", "2024-06-30", "2025-06-30", "field_vehicle", "?"),
        ("5200", "2023-07-01", None, "2024-07-01", "field_vehicle", "?"),
    ],
)
def test_every_years_rules(code, accepted, last, expected, rule_id, certainty):
    result = due(code, accepted, last=last, as_of=D(last or accepted))
    assert (result.date, result.rule_id, result.certainty) == (D(expected), rule_id, certainty)


def test_boiler_rule_text_mentions_internal_inspection():
    result = due("1200", "2022-11-30", as_of=D("2022-12-01"))
    assert "内部检验一般每2年" in result.text_zh and "internal" in result.text_en


@pytest.mark.parametrize(
    "last, grade, expected",
    [
        (None, None, "2024-06-01"),  # first within 3 years: 2021-06-01 + 3
        (None, 2, "2024-06-01"),  # the grade does not matter before the first inspection
        ("2024-05-20", 1, "2030-05-20"),  # grade 1 → 6 years
        ("2024-05-20", 2, "2030-05-20"),  # grade 2 → 6 years
        ("2024-05-20", 3, "2027-05-20"),  # grade 3 → 3–6 years: 3 taken
        ("2024-05-20", 4, "2027-05-20"),  # grade 4 → monitored use, ≤ 3 years
        ("2024-02-29", 3, "2027-02-28"),
    ],
)
def test_fixed_pressure_vessel_by_grade(last, grade, expected):
    result = due("2150", "2021-06-01", last=last, grade=grade, as_of=D(last or "2021-06-01"))
    assert (result.date, result.rule_id) == (D(expected), "fixed_vessel")


def test_fixed_pressure_vessel_grade_errors():
    with pytest.raises(ValueError, match="safety grade 5: may not be used"):
        due("2110", "2021-06-01", last="2024-05-20", grade=5, as_of=D("2024-06-01"))
    with pytest.raises(ValueError, match="safety grade 5"):
        due("2110", "2021-06-01", grade=5)
    with pytest.raises(ValueError, match="a safety grade .* is needed"):
        due("2130", "2021-06-01", last="2024-05-20", as_of=D("2024-06-01"))
    with pytest.raises(ValueError, match="safety grade 6 is not one of 1, 2, 3, 4, 5"):
        due("2130", "2021-06-01", last="2024-05-20", grade=6, as_of=D("2024-06-01"))


@pytest.mark.parametrize(
    "code, last, gas_class, expected",
    [
        ("2310", None, "corrosive", "2024-01-15"),  # 2022-01-15 + 2
        ("2310", None, "general", "2025-01-15"),  # + 3
        ("2320", None, "inert", "2027-01-15"),  # + 5
        ("23T0", "2024-01-10", "corrosive", "2026-01-10"),  # from the last inspection
        ("2310", "2024-02-29", "general", "2027-02-28"),
    ],
)
def test_gas_cylinders_by_gas_class(code, last, gas_class, expected):
    result = due(code, "2022-01-15", last=last, gas_class=gas_class, as_of=D("2024-03-01"))
    assert (result.date, result.rule_id) == (D(expected), "gas_cylinder")


def test_gas_cylinder_needs_a_known_gas_class():
    with pytest.raises(ValueError, match="a gas class .* is needed"):
        due("2310", "2022-01-15")
    with pytest.raises(ValueError, match="got 'toxic'"):
        due("2310", "2022-01-15", gas_class="toxic")


def test_override_every_years_wins_and_says_so():
    # A 4110 bridge crane that carries molten metal: the unit sets 1 year (rule: 2 years).
    result = due(
        "4110",
        "2023-05-15",
        override={"every_years": 1, "reason": "吊运熔融金属"},
        as_of=D("2023-06-01"),
    )
    assert result.date == D("2024-05-15")
    assert (result.rule_id, result.source, result.certainty) == ("override", "unit override", "")
    assert result.reason.startswith("override: 吊运熔融金属")
    assert "rule lifting_two_yearly would give 2025-05-15" in result.reason


def test_override_due_date_wins():
    result = due(
        "3110",
        "2020-03-10",
        override={"due": "2022-09-01", "reason": "检验机构要求提前检验"},
        as_of=D("2021-01-01"),
    )
    assert result.date == D("2022-09-01")
    assert "rule elevator would give 2021-03-10" in result.reason


def test_override_for_a_code_without_rule():
    result = due("8310", "2020-03-10", override={"every_years": 3, "reason": "GC2"})
    assert result.date == D("2023-03-10")


def test_min_interval_refuses_an_override_under_six_months():
    # Tower crane inspected 2024-01-10: never due before 2024-07-10 (6 months).
    with pytest.raises(ValueError, match="less than 6 months after 2024-01-10"):
        due(
            "4310",
            "2023-05-15",
            last="2024-01-10",
            as_of=D("2024-02-01"),
            override={"due": D("2024-07-09"), "reason": "x"},
        )
    ok = due(
        "4310",
        "2023-05-15",
        last="2024-01-10",
        as_of=D("2024-02-01"),
        override={"due": D("2024-07-10"), "reason": "x"},
    )
    assert ok.date == D("2024-07-10")
    # Boilers have no floor: 3 months is accepted.
    boiler = due(
        "1100",
        "2023-05-15",
        last="2024-01-10",
        as_of=D("2024-02-01"),
        override={"due": D("2024-04-10"), "reason": "x"},
    )
    assert boiler.date == D("2024-04-10")


@pytest.mark.parametrize(
    "override, message",
    [
        ({"every_years": 1}, "needs a reason"),
        ({"every_years": 1, "due": "2025-01-01", "reason": "x"}, "either"),
        ({"every_years": 0, "reason": "x"}, "whole number"),
        ({"due": "2020-01-01", "reason": "x"}, "not after 2020-03-10"),
    ],
)
def test_bad_overrides(override, message):
    with pytest.raises(ValueError, match=message):
        due("3110", "2020-03-10", override=override)


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"code": "3150"}, "unknown special-equipment code '3150'"),
        ({"code": "8310"}, "no periodic-inspection rule for 8310 工艺管道"),
        ({"code": "7310"}, "no periodic-inspection rule for 7310 安全阀"),
        ({"last": "2020-03-01"}, "last inspection 2020-03-01 is before acceptance 2020-03-10"),
        ({"last": "2021-05-01"}, "last inspection 2021-05-01 is after 2021-01-01"),
    ],
)
def test_errors(kw, message):
    kw = {"code": "3110", **kw}
    with pytest.raises(ValueError, match=message):
        due(kw.pop("code"), "2020-03-10", as_of=D("2021-01-01"), **kw)
