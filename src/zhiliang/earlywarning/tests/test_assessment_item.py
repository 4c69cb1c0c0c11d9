"""A red card is an automatic check of an assessment scheme (`auto: red_card`)."""

import pytest

pytestmark = pytest.mark.django_db


def _scheme(office):
    from zhiliang.assessments import services as assessments
    from zhiliang.core.models import Region

    data = {
        "code": "card-test", "name": "考核", "period": "2026", "total_points": 100,
        "items": [
            {"name": "质量工作", "kind": "manual", "points": 100},
            {"name": "被红牌警示", "kind": "veto", "veto_grade": "C", "auto": "red_card"},
        ],
    }  # fmt: skip
    return assessments.scheme_load(data=data, region=Region.objects.get(code="3204"), actor=office)


def _vetoes(result):
    from zhiliang.assessments.choices import ItemKind
    from zhiliang.assessments.models import ItemScore

    scores = ItemScore.objects.filter(entry__result=result, kind=ItemKind.VETO)
    return {s.entry.region.code: s for s in scores.select_related("entry__region")}


def test_a_red_card_of_the_year_proposes_the_veto_a_yellow_one_does_not(cell, card):
    from datetime import date

    from zhiliang.assessments import services as assessments
    from zhiliang.assessments.choices import SubjectKind
    from zhiliang.core.models import Region

    city = Region.objects.get(code="3204")
    scheme = _scheme(cell.city)
    result = assessments.result_run(
        actor=cell.city, scheme=scheme, region=city, subject_kind=SubjectKind.REGION
    )
    assert all(s.passed is False for s in _vetoes(result).values())  # yellow only

    card.colour, card.red_on = "red", date(2026, 5, 4)
    card.save(update_fields=["colour", "red_on"])
    result = assessments.result_run(
        actor=cell.city, scheme=scheme, region=city, subject_kind=SubjectKind.REGION
    )
    vetoes = _vetoes(result)
    wujin = vetoes["320412"]
    assert wujin.passed is True and "电动自行车" in wujin.note and "2026-05-04" in wujin.note
    assert vetoes["320411"].passed is False
    assert result.entries.get(region__code="320412").grade == "C"
