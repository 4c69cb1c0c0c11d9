"""The draw by class targets (es-keys-v2) on a worked pool, and old draws still verify."""

import random
from fractions import Fraction

import pytest

from zhiliang.credit.rules import steering
from zhiliang.inspections import draw as drawing
from zhiliang.inspections import services
from zhiliang.inspections.draw import classes as by_class
from zhiliang.inspections.draw.pools import class_ratios
from zhiliang.inspections.models import DrawPick
from zhiliang.inspections.tests.test_draw import drawn_plan  # noqa: F401 (fixture)

WEIGHTS = {"A": "0.5", "B": "1", "C": "2", "D": "4"}
SIZES = {"A": 40, "B": 30, "C": 20, "D": 10}  # the worked pool: 100 enterprises


def ratios():
    return class_ratios()


def test_the_worked_pool_by_hand():
    # 20 of 100: A would get 0.5·40·λ but stops at its maximum 5 % of 40 = 2; the others
    # share the rest as λ·w·n: 30λ + 40λ + 40λ = 18, λ = 9/55.
    plan = by_class.planned(20, SIZES, WEIGHTS, ratios())
    assert plan == {"A": 2, "B": Fraction(54, 11), "C": Fraction(72, 11), "D": Fraction(72, 11)}
    # floors 2, 4, 6, 6; the two left go to B (0.91), then D before C (a tie: the riskier)
    assert by_class.whole(plan, 20) == {"A": 2, "B": 5, "C": 6, "D": 7}
    # every class at its maximum: 2, 6, 12, 10
    assert by_class.whole(by_class.planned(30, SIZES, WEIGHTS, ratios()), 30) == {
        "A": 2, "B": 6, "C": 12, "D": 10,
    }  # fmt: skip
    # below every minimum (1.5 + 4.2 + 6.1 = 11.8): in proportion to the minimums
    assert by_class.whole(by_class.planned(5, SIZES, WEIGHTS, ratios()), 5) == {
        "A": 0, "B": 1, "C": 2, "D": 2,
    }  # fmt: skip
    # beyond every maximum: the room left (38, 24, 8, 0) takes the 30 more
    beyond = by_class.planned(60, SIZES, WEIGHTS, ratios())
    assert beyond["D"] == 10 and beyond["A"] == 2 + Fraction(30 * 38, 70)
    assert sum(beyond.values()) == 60


def _pool(sizes, seed=1):
    rng = random.Random(seed)
    letters = [c for c, n in sizes.items() for _ in range(n)]
    rng.shuffle(letters)
    return list(range(1, len(letters) + 1)), "".join(letters)


def test_the_draw_meets_each_class_planned_share_and_reproduces():
    ids, classes = _pool(SIZES)
    rs = drawing._mersenne(drawing.derived_seed(7, "quota", 1))
    picks, summary = by_class.select(ids, classes, 20, "0.2", WEIGHTS, ratios(), rs)
    drawn = {c: sum(1 for e, _s in picks if classes[e - 1] == c) for c in "ABCD"}
    assert drawn == {"A": 2, "B": 5, "C": 6, "D": 7}
    assert {c: summary[c]["drawn"] for c in "ABCD"} == drawn
    assert summary["B"] == {"pool": 30, "planned": "4.9091", "drawn": 5}
    assert len({e for e, _s in picks}) == 20
    # the control share within each class: 20 % of 2, 5, 6, 7 → 0, 1, 1, 1
    assert sum(1 for _e, s in picks if s == "random") == 3
    rs = drawing._mersenne(drawing.derived_seed(7, "quota", 1))
    again = by_class.select(ids, classes, 20, "0.2", WEIGHTS, ratios(), rs)
    assert again == (picks, summary)


@pytest.mark.parametrize("seed", range(25))
def test_shares_are_within_the_target_ratios_when_the_pool_allows(seed):
    rng = random.Random(seed)
    sizes = {c: rng.randrange(0, 200) for c in "ABCD"}
    target = steering()["ratios"]
    low = sum(target[c]["min"] * n for c, n in sizes.items())
    high = sum(target[c]["max"] * n for c, n in sizes.items())
    count = rng.randrange(int(low) + 1, int(high) + 1)
    numbers = by_class.whole(by_class.planned(count, sizes, WEIGHTS, ratios()), count)
    assert sum(numbers.values()) == count
    for c, n in sizes.items():  # within the class's range, give or take the rounding
        assert target[c]["min"] * n - 1 < numbers[c] < target[c]["max"] * n + 1
        assert numbers[c] <= n


@pytest.mark.django_db
def test_new_draws_plan_by_class_and_old_draws_still_verify(drawn_plan, office, monkeypatch):  # noqa: F811
    monkeypatch.setattr(drawing, "ALGORITHM", "es-keys-v1")
    old = services.draw_run(actor=office, plan=drawn_plan, seed=11)
    monkeypatch.undo()
    del old.inputs["params"]["class_ratios"]  # as the draws stored before v2 have it
    old.save(update_fields=["inputs"])
    new = services.draw_run(actor=office, plan=drawn_plan, seed=11)
    assert (old.algorithm, new.algorithm) == ("es-keys-v1", "es-keys-v2")
    assert "classes" not in old.result["quotas"][0]
    assert new.inputs["params"]["class_ratios"]["D"] == {"min": "0.61", "max": "1.0"}
    assert drawing.verify(old).ok and drawing.verify(new).ok
    for q in new.result["quotas"]:
        picked = DrawPick.objects.filter(draw=new, quota_id=q["quota"])
        by_letter = {c: picked.filter(enterprise__risk_class=c).count() for c in "ABCD"}
        assert by_letter == {c: q["classes"][c]["drawn"] for c in "ABCD"}
        for c in "ABCD":
            assert abs(q["classes"][c]["drawn"] - float(q["classes"][c]["planned"])) < 1
