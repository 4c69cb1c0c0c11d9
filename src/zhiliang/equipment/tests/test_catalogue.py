"""The catalogue data: published totals, a parent for every code, the code pattern, rule data."""

import re

import pytest

from zhiliang.equipment.due import catalogue, entry, rule_for, rules


def test_catalogue_reaches_the_published_totals():
    # 质检总局 2014年第114号: 10 kinds, 48 categories, 99 varieties.
    levels = [e.level for e in catalogue().values()]
    assert (levels.count("kind"), levels.count("category"), levels.count("variety")) == (
        10,
        48,
        99,
    )


def test_every_parent_exists_one_level_up():
    up = {"category": "kind", "variety": "category"}
    for e in catalogue().values():
        if e.level == "kind":
            assert e.parent is None
        elif e.parent == "F000":  # safety accessories: varieties directly under the kind
            assert e.level == "variety"
        else:
            assert catalogue()[e.parent].level == up[e.level], e.code


def test_codes_follow_the_pattern():
    # Kind X000, category XY00, variety XYZ0; letters as published (4A00, 23T0, 7TZ0, F220).
    for e in catalogue().values():
        assert re.fullmatch(r"[0-9A-Z]{3}0", e.code), e.code
        if e.level == "kind":
            assert re.fullmatch(r"[1-9F]000", e.code)
        elif e.level == "category":
            assert re.fullmatch(e.parent[0] + r"[1-9A-Z]00", e.code), e.code
        elif e.parent != "F000":
            assert re.fullmatch(e.parent[:2] + r"[1-9A-Z]0", e.code), e.code


@pytest.mark.parametrize(
    "code, name",
    [
        ("1000", "锅炉"),
        ("3110", "曳引驱动乘客电梯"),
        ("3310", "自动扶梯"),
        ("3430", "杂物电梯"),
        ("2300", "气瓶"),
        ("4300", "塔式起重机"),
        ("4D00", "机械式停车设备"),
        ("5110", "叉车"),
        ("7310", "安全阀"),
    ],
)
def test_known_entries(code, name):
    assert entry(code).name == name


def test_codes_are_read_in_upper_case_and_unknown_codes_refused():
    assert entry(" 4d00 ").code == "4D00"
    with pytest.raises(ValueError, match="unknown special-equipment code '3150'"):
        entry("3150")


def test_rules_name_catalogue_codes_once_with_a_source_and_a_mark():
    seen = set()
    for rule in rules():
        assert rule.source and rule.text_zh and rule.text_en
        assert rule.certainty in ("✓", "?") and rule.then_certainty in ("", "✓", "?")
        for code in rule.applies_to:
            assert code in catalogue() and code not in seen
            seen.add(code)


@pytest.mark.parametrize(
    "code, rule_id",
    [
        ("3000", "elevator"),
        ("3430", "elevator"),  # variety → kind
        ("4110", "lifting_two_yearly"),  # variety → category
        ("4150", "lifting_hot_metal"),  # the variety's own rule beats its category's
        ("4D00", "lifting_two_yearly"),
        ("4A00", "lifting_two_yearly_other"),
        ("4860", "lifting_yearly"),
        ("2170", "fixed_vessel"),
        ("23T0", "gas_cylinder"),
        ("1310", "boiler"),
        ("5200", "field_vehicle"),
        ("6E60", "amusement_ride"),
        ("9320", "ropeway"),
        ("2210", None),  # mobile vessels: no figures yet
        ("8310", None),
        ("7310", None),  # listed under F000, not under 7300
    ],
)
def test_a_code_takes_the_rule_of_its_nearest_listed_ancestor(code, rule_id):
    rule = rule_for(code)
    assert (rule.id if rule else None) == rule_id
