"""The index with its interval, worked by hand, and the rules of a response."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhiliang.core.models import Region
from zhiliang.satisfaction import rules, selectors, services, stats
from zhiliang.satisfaction.models import Response


@pytest.fixture
def survey(clerk):
    return services.survey_create(
        actor=clerk,
        data={
            "code": "CS2025-WJ", "year": 2025, "title": "武进区服务业顾客满意度测评",
            "region": Region.objects.get(code="320412"), "conducted_by": "测评机构",
            "fieldwork_from": date(2025, 9, 1), "fieldwork_to": date(2025, 10, 31),
        },
    )  # fmt: skip


def _add(clerk, survey, answers_list, *, sector="consumer_services", weight=1.0, start=0):
    region = Region.objects.get(code="320412")
    rows = []
    for i, a in enumerate(answers_list):
        data = {"survey": survey, "respondent": f"R{start + i:04d}", "region": region,
                "sector": sector, "surveyed_on": date(2025, 9, 10), "weight": weight,
                "answers": a}  # fmt: skip
        services.response_validate(data=data)
        rows.append({k: v for k, v in data.items()})
    services.responses_bulk_create(actor=clerk, rows=rows)


def test_scores_by_hand():
    # q8..q10 = 10, 7, 4 → 100, 66.667, 33.333; equal weights (0.3334, 0.3333, 0.3333).
    s = rules.scores({"q1": 10, "q3": 1, "q4": 10, "q8": 10, "q9": 7, "q10": 4})
    expected = (100 * 0.3334 + 200 / 3 * 0.3333 + 100 / 3 * 0.3333) / 1.0
    assert s["index"] == pytest.approx(expected)
    assert s["expectation"] == 100 and s["quality"] == pytest.approx(50)
    assert s["loyalty"] is None
    assert rules.straight_lined({f"q{i}": 6 for i in range(1, 14)})
    assert not rules.straight_lined({"q8": 6, "q9": 6})  # too few answers to tell


def test_index_and_interval_worked_by_hand(clerk, survey):
    """20 respondents answer 10 to the satisfaction questions (index 100) and 20 answer 7
    (index 66.667). Mean 83.333; sample variance 16.667² × 40/39 = 284.90; standard error
    √(284.90/40) = 2.6688; 95 % interval ± 1.96 × 2.6688 = ± 5.231 → 78.10 to 88.56.
    40 responses: published but marked small (below 100); 80 lies inside: cannot tell."""
    high = {"q8": 10, "q9": 10, "q10": 10}
    low = {"q8": 7, "q9": 7, "q10": 7}
    _add(clerk, survey, [high] * 20 + [low] * 20)
    table = selectors.index_table(user=clerk, survey=survey)
    (row,) = table["overall"]
    cell = row["cell"]
    assert cell.n == 40
    assert cell.index == pytest.approx(83.3333, abs=1e-3)
    assert cell.low == pytest.approx(78.102, abs=1e-2)
    assert cell.high == pytest.approx(88.564, abs=1e-2)
    assert (cell.quality, cell.target) == (stats.SMALL, stats.CANNOT_TELL)
    assert table["regions"][0]["region__code"] == "320412"


def test_weights_suppression_and_target_states(clerk, survey):
    # Weighted: 20 × weight 2 at 100 and 20 × weight 1 at 66.667 → (4000 + 1333.3) / 60.
    _add(clerk, survey, [{"q8": 10, "q9": 10, "q10": 10}] * 20, weight=2.0)
    _add(clerk, survey, [{"q8": 7, "q9": 7, "q10": 7}] * 20, start=100)
    # 10 responses of public services: too few, not published.
    _add(clerk, survey, [{"q8": 9, "q9": 9, "q10": 9}] * 10, sector="public_services", start=200)
    rows = {r["sector"]: r for r in selectors.index_table(user=clerk, survey=survey)["overall"]}
    assert rows["consumer_services"]["cell"].index == pytest.approx(5333.333 / 60, abs=1e-3)
    assert rows["public_services"]["cell"].quality == stats.SUPPRESSED
    assert rows["public_services"]["cell"].index is None
    assert stats.target_state(80.5, 84) == stats.MET
    assert stats.target_state(70, 79.9) == stats.NOT_MET
    assert stats.target_state(79, 81) == stats.CANNOT_TELL


def test_trend_by_year(clerk, survey):
    _add(clerk, survey, [{"q8": 9, "q9": 9, "q10": 9}] * 30)
    later = services.survey_create(
        actor=clerk,
        data={"code": "CS2026-WJ", "year": 2026, "title": "2026", "fieldwork_to": date(2026, 3, 1),
              "region": survey.region, "fieldwork_from": date(2026, 2, 1)},
    )  # fmt: skip
    region = survey.region
    data = {"survey": later, "respondent": "R1", "region": region, "sector": "consumer_services",
            "surveyed_on": date(2026, 2, 10), "answers": {"q8": 8}}  # fmt: skip
    services.responses_bulk_create(actor=clerk, rows=[data] * 1)
    years = [(r["survey__year"], r["cell"].n) for r in selectors.index_trend(user=clerk)]
    assert years == [(2025, 30), (2026, 1)]


def test_bad_responses_are_refused_with_reasons(clerk, survey):
    region = Region.objects.get(code="320412")
    base = {"survey": survey, "respondent": "R0001", "region": region,
            "sector": "consumer_services", "surveyed_on": date(2025, 9, 10)}  # fmt: skip
    with pytest.raises(ValidationError, match="outside the scale 1–10"):
        services.response_validate(data={**base, "answers": {"q8": 11}})
    with pytest.raises(ValidationError, match="None of the index questions"):
        services.response_validate(data={**base, "answers": {"q1": 5}})
    with pytest.raises(ValidationError, match="outside the region the survey covers"):
        services.response_validate(
            data={**base, "region": Region.objects.get(code="320411"), "answers": {"q8": 5}}
        )
    with pytest.raises(ValidationError, match="outside the survey's year"):
        services.response_validate(
            data={**base, "surveyed_on": date(2024, 1, 1), "answers": {"q8": 5}}
        )
    _add(clerk, survey, [{"q8": 5}], start=1)
    with pytest.raises(ValidationError, match="already recorded"):
        services.response_validate(data={**base, "answers": {"q8": 5}})
    assert Response.objects.count() == 1


def test_survey_rules_and_rights(clerk, make_user, survey):
    viewer = make_user("viewer", "320412")
    data = {"code": "X", "year": 2025, "title": "t", "region": survey.region,
            "fieldwork_from": date(2025, 9, 1), "fieldwork_to": date(2025, 8, 1)}  # fmt: skip
    with pytest.raises(ValidationError, match="ends before it starts"):
        services.survey_create(actor=clerk, data=data)
    with pytest.raises(ValidationError, match="already registered"):
        services.survey_create(
            actor=clerk, data={**data, "code": "CS2025-WJ", "fieldwork_to": date(2025, 9, 2)}
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.survey_create(actor=viewer, data={**data, "fieldwork_to": date(2025, 9, 2)})
    assert survey.history.count() == 1


def test_index_in_the_api(api, clerk, survey):
    high, low = {"q8": 10, "q9": 10, "q10": 10}, {"q8": 7, "q9": 7, "q10": 7}
    _add(clerk, survey, [high] * 20 + [low] * 20)
    data = api(user=clerk).get(f"/api/satisfaction-surveys/{survey.pk}/index/").json()
    (sector,) = data["sectors"]
    assert (sector["n"], sector["quality"], sector["target"]) == (40, "small", "cannot_tell")
    assert sector["low"] == pytest.approx(78.102, abs=1e-2)
    assert data["regions"][0]["region__code"] == "320412"
    other = api("office_staff", "320411").get(f"/api/satisfaction-surveys/{survey.pk}/index/")
    assert other.status_code == 404
