"""Accidents in other apps' registers: as risk information (source "accident"), and as the
evidence of the assessment scheme's veto item (an automatic check named in the scheme's
data, proposed when a result is drafted, confirmed by the office)."""

import pytest
from django.core.exceptions import ValidationError

from zhiliang.cases import services
from zhiliang.cases.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    from zhiliang.enterprises.models import Product

    return Product.objects.filter(parent__isnull=False).order_by("code").first()


def _items():
    from zhiliang.risk.models import RiskInformation

    return RiskInformation.objects.filter(source_kind="accident")


def test_an_accident_report_is_risk_information_and_follows_corrections(
    make_accident, clerk, product
):
    case = make_accident(product=product, title="电热水壶起火")
    item = _items().get()
    assert (item.reference, item.product_id, item.region_id) == (
        case.number,
        product.pk,
        case.region_id,
    )
    assert item.text == "电热水壶起火" and item.occurred_on.isoformat() == "2026-03-02"
    services.accident_update(actor=clerk, case=case, data={"title": "电热水壶起火致伤"})
    item.refresh_from_db()
    assert item.text == "电热水壶起火致伤" and _items().count() == 1
    assert item.history.count() == 2


def test_the_daily_feed_adds_what_is_missing_once(make_accident, product):
    from zhiliang.risk.services import risk_information_feed_accidents

    make_accident(product=product)
    make_accident()  # no product of the catalogue: not an item of the product registry
    _items().delete()
    assert risk_information_feed_accidents() == 1
    assert risk_information_feed_accidents() == 0
    assert _items().count() == 1


def _scheme(office):
    from zhiliang.assessments import services as assessments
    from zhiliang.core.models import Region

    data = {
        "code": "veto-test",
        "name": "考核",
        "period": "2026",
        "total_points": 100,
        "items": [
            {"name": "质量工作", "kind": "manual", "points": 100},
            {
                "name": "区域性质量安全事故",
                "kind": "veto",
                "veto_grade": "D",
                "auto": "major_accident",
            },
        ],
    }
    return assessments.scheme_load(data=data, region=Region.objects.get(code="3204"), actor=office)


def test_a_larger_accident_proposes_the_veto_and_the_office_confirms(
    make_accident, office, regions
):
    from zhiliang.assessments import services as assessments
    from zhiliang.assessments.choices import ItemKind, SubjectKind
    from zhiliang.core.models import Region

    big = make_accident(deaths=3, title="起重机倒塌")  # 较大 (3 deaths), 武进区
    make_accident(deaths=1, opened_at=at(2026, 4, 1, 8, 0), reported_at=at(2026, 4, 1, 8, 30))
    # (一般: below the line)
    scheme = _scheme(office)
    result = assessments.result_run(
        actor=office, scheme=scheme, region=Region.objects.get(code="3204"),
        subject_kind=SubjectKind.REGION,
    )  # fmt: skip
    from zhiliang.assessments.models import ItemScore

    vetoes = {
        s.entry.region.code: s
        for s in ItemScore.objects.filter(entry__result=result, kind=ItemKind.VETO).select_related(
            "entry__region"
        )
    }
    wujin = vetoes["320412"]
    assert wujin.passed is True and big.number in wujin.note and "起重机倒塌" in wujin.note
    assert wujin.decided_by is None
    assert all(s.passed is False for code, s in vetoes.items() if code != "320412")
    assert result.entries.get(region__code="320412").grade == "D"
    for score in ItemScore.objects.filter(entry__result=result, kind=ItemKind.MANUAL):
        assessments.itemscore_decide(actor=office, score=score, passed=True, note="台账齐全")
    with pytest.raises(ValidationError, match="not decided"):
        assessments.result_publish(actor=office, result=result)
    assessments.itemscore_decide(actor=office, score=wujin, passed=True, note=wujin.note)
    assessments.result_publish(actor=office, result=result)


def test_an_unknown_automatic_check_is_refused(office, regions):
    from zhiliang.assessments import services as assessments
    from zhiliang.core.models import Region

    data = {
        "code": "bad",
        "name": "考核",
        "period": "2026",
        "items": [
            {"name": "质量工作", "kind": "manual", "points": 100},
            {"name": "否决", "kind": "veto", "veto_grade": "D", "auto": "no_such_check"},
        ],
    }
    with pytest.raises(ValidationError, match="no_such_check"):
        assessments.scheme_load(data=data, region=Region.objects.get(code="3204"), actor=office)
