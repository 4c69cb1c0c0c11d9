"""The number formats, the review period and the declaration rules, on worked cases."""

from datetime import date

import pytest

from zhiliang.standards import rules


@pytest.mark.parametrize(("level", "number"), [
    ("national", "GB 4706.1-2005"), ("national", "GB/T 19580-2012"), ("national", "GB/Z 1-2020"),
    ("industry", "QB/T 1333-2018"), ("industry", "JB/T 10391-2008"),
    ("local", "DB32/T 3748-2020"), ("local", "DB3204/T 1001-2021"),
    ("group", "T/JSQA 001-2021"), ("enterprise", "Q/WJDQ 001S-2022"),
    ("alliance", "LM/WJDJ 001-2022"),
])  # fmt: skip
def test_numbers_in_their_levels_format(level, number):
    assert rules.number_matches(level, number)
    assert rules.guess_level(number) == level


@pytest.mark.parametrize(("level", "number"), [
    ("national", "GB 4706.1"), ("national", "GBT 19580-2012"), ("national", "DB32/T 1-2020"),
    ("industry", "XX/T 1-2018"), ("local", "DB320/T 1-2020"), ("group", "T/ 001-2021"),
    ("enterprise", "Q/ 001-2022"),
])  # fmt: skip
def test_numbers_in_the_wrong_format(level, number):
    assert not rules.number_matches(level, number)


def test_numbers_are_written_one_way():
    assert rules.normalize_number(" gb／t  19580—2012 ") == "GB/T 19580-2012"
    assert rules.normalize_number("DB32 / T 3748－2020") == "DB32/T 3748-2020"
    assert rules.local_region_code("DB3204/T 1001-2021") == "3204"
    assert rules.guess_level("GB/T 19580-2012") == "national"


def test_review_periods_are_data():
    assert rules.review_years("local") == 5
    assert rules.review_years("enterprise") == 3
    assert rules.add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)


def test_declaration_gaps_name_what_is_missing():
    items = [
        {"indicator": "甲醛含量", "method": "GB/T 2912.1"},
        {"indicator": "pH值", "method": ""},
    ]
    gaps = rules.declaration_gaps(items, "08")
    assert {"gap": "method", "name": "pH值"} in gaps
    assert {"gap": "indicator", "name": "耐水色牢度"} in gaps
    assert {"gap": "indicator", "name": "甲醛含量"} not in gaps
    # A family without a list: only the methods are checked.
    assert rules.declaration_gaps([{"indicator": "外观", "method": "目测"}], "11") == []
    assert rules.declaration_gaps([], "11") == [{"gap": "none", "name": ""}]
