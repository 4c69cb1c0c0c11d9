"""Assessments, warnings, cards and actions through their services: the rules, the
jurisdiction, bad input refused with nothing changed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from zhiliang.earlywarning import services
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning
from zhiliang.earlywarning.tests.conftest import STEPS, evidence

pytestmark = pytest.mark.django_db


def _data(cell, **over):
    data = {
        "signal": cell.signal,
        "hazard": "fire",
        "scenario": "充电起火",
        "severity": 3,
        "steps": STEPS,
    }
    data.update(over)
    return data


# -- assessments ---------------------------------------------------------------------------


def test_assessment_computes_probability_and_level_from_the_matrix(cell, assessment):
    assert assessment.probability == pytest.approx(0.005)
    assert assessment.level == "serious"  # severity 3, "> 1/1 000"
    assert assessment.product == cell.product and assessment.region == cell.wujin
    assert list(assessment.products.all()) == [cell.product]
    assert list(assessment.regions.all()) == [cell.wujin]
    assert assessment.decision == "pending"
    assert assessment.history.count() == 1


def test_inspector_assesses_too(cell):
    item = services.assessment_start(
        actor=cell.inspector, data=_data(cell, severity=2, steps=[{"p": 0.05}, {"p": 0.01}])
    )
    assert item.level == "medium"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"severity": 5}, "severity"),
        ({"severity": 0}, "severity"),
        ({"steps": [{"text": "x", "p": 1.5}]}, "steps"),
        ({"steps": [{"text": "x", "p": 0}]}, "steps"),
        ({"steps": [{"text": "x", "p": "half"}]}, "steps"),
        ({"steps": []}, "steps"),
        ({"hazard": "radioactive"}, "hazard"),
    ],
)
def test_bad_assessment_is_refused_and_nothing_saved(cell, over, field):
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(actor=cell.city, data=_data(cell, **over))
    assert field in exc.value.message_dict
    assert not RiskAssessment.objects.exists()


def test_assessment_needs_a_source(cell):
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(actor=cell.city, data=_data(cell, signal=None))
    assert "signal" in exc.value.message_dict


def test_another_districts_signal_is_not_found(cell):
    with pytest.raises(Http404):
        services.assessment_start(actor=cell.district, data=_data(cell, signal=cell.other_signal))
    assert not RiskAssessment.objects.exists()


def test_affected_region_outside_is_refused(cell):
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(actor=cell.district, data=_data(cell, regions=[cell.xinbei]))
    assert "regions" in exc.value.message_dict


def test_decision_once(cell, assessment):
    services.assessment_decide(actor=cell.city, assessment=assessment, decision="card")
    assessment.refresh_from_db()
    assert assessment.decision == "card" and assessment.decided_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.assessment_decide(actor=cell.city, assessment=assessment, decision="none")


def test_viewer_may_not_assess(cell, make_user):
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=make_user("viewer", "3204"), data=_data(cell))


# -- warnings ------------------------------------------------------------------------------


def _warning(cell, actor=None, **over):
    data = {
        "kind": "consumer",
        "region": cell.wujin,
        "product": cell.product,
        "hazard": "fire",
        "title": "电动自行车充电起火风险警示",
        "text": "请勿在室内充电。",
    }
    data.update(over)
    return services.warning_create(actor=actor or cell.city, data=data)


def test_consumer_warning_draft_then_published(cell):
    warning = _warning(cell)
    assert warning.status == "draft"
    services.warning_publish(actor=cell.city, warning=warning)
    warning.refresh_from_db()
    assert warning.status == "published" and warning.published_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.warning_publish(actor=cell.city, warning=warning)


def test_city_alert_reaches_the_districts_inspectors(cell):
    from zhiliang.core.models import Region
    from zhiliang.earlywarning.selectors import home_alerts

    alert = _warning(cell, kind="alert", region=Region.objects.get(code="3204"))
    services.warning_publish(actor=cell.city, warning=alert)
    total, rows = home_alerts(user=cell.inspector)
    assert total == 1 and rows[0].pk == alert.pk
    # Read, not written, from below: the district cannot withdraw the city's alert.
    with pytest.raises(Http404):
        services.warning_withdraw(actor=cell.district, warning=alert)


def test_notice_names_its_enterprises(cell):
    with pytest.raises(ValidationError) as exc:
        _warning(cell, kind="notice")
    assert "enterprises" in exc.value.message_dict
    notice = _warning(cell, kind="notice", enterprises=[cell.firm])
    assert list(notice.enterprises.all()) == [cell.firm]


def test_warning_outside_jurisdiction_refused(cell):
    with pytest.raises(PermissionDenied):
        _warning(cell, actor=cell.district, region=cell.xinbei)
    assert not RiskWarning.objects.exists()


# -- cards ---------------------------------------------------------------------------------


def test_card_is_issued_with_its_rectification_plan(cell, card):
    from zhiliang.plans.models import TaskUnit

    assert card.colour == card.issued_colour == "yellow"
    assert card.issuer_region.code == "3204" and card.region == cell.wujin
    assert card.deadline == card.issued_on + timedelta(days=90)
    plan = card.plan
    assert plan.region == cell.wujin
    tasks = list(plan.tasks.order_by("order"))
    assert len(tasks) == 3 and tasks[-1].due_on == card.deadline
    leads = TaskUnit.objects.filter(task__plan=plan, role="lead")
    assert {u.organization.kind for u in leads} == {"government"}


def test_card_outside_jurisdiction_is_refused_with_a_reason(cell, assessment):
    from zhiliang.core.models import Region
    from zhiliang.plans.models import Plan

    suzhou = Region.objects.get(code="320505")
    for actor, region in ((cell.city, suzhou), (cell.city, Region.objects.get(code="3204"))):
        with pytest.raises(ValidationError) as exc:
            services.card_issue(
                actor=actor,
                data={
                    "region": region,
                    "product": cell.product,
                    "hazard": "fire",
                    "problem": "x",
                },
            )
        assert "region" in exc.value.message_dict
    # A district issues no card, not even to itself.
    with pytest.raises(ValidationError):
        services.card_issue(
            actor=cell.district,
            data={"region": cell.wujin, "product": cell.product, "hazard": "fire", "problem": "x"},
        )
    assert not Card.objects.exists() and not Plan.objects.exists()


def test_one_open_card_per_cell(cell, card):
    with pytest.raises(ValidationError):
        services.card_issue(
            actor=cell.city,
            data={"region": cell.wujin, "product": cell.product, "hazard": "fire", "problem": "y"},
        )
    assert Card.objects.count() == 1


def test_district_sees_the_cards_it_received_not_others(cell, card, make_user):
    from zhiliang.earlywarning.models import Card as C

    assert C.objects.visible_to(cell.district).filter(pk=card.pk).exists()
    assert C.objects.visible_to(cell.city).filter(pk=card.pk).exists()
    assert not C.objects.visible_to(make_user("office_staff", "320411")).exists()


def test_escalation_when_the_deadline_passes(cell, card):
    later = card.deadline + timedelta(days=1)
    assert services.cards_escalate(today=later) == 1
    card.refresh_from_db()
    assert card.colour == "red" and card.red_on == later
    assert card.deadline == later + timedelta(days=60)
    assert services.cards_escalate(today=later) == 0  # red stays red, once


def test_escalation_when_the_signal_persists(cell, card):
    day = card.issued_on + timedelta(days=60)
    assert services.cards_escalate(today=day - timedelta(days=1)) == 0
    assert services.cards_escalate(today=day) == 1
    card.refresh_from_db()
    assert card.colour == "red" and "signal" in card.escalation_reason


def test_no_escalation_once_the_signal_closed(cell, card):
    cell.signal.status, cell.signal.closed_on = "closed", timezone.localdate()
    cell.signal.save()
    assert services.cards_escalate(today=card.issued_on + timedelta(days=61)) == 0


def test_lifting_needs_evidence_and_the_cell_back_in_control(cell, card):
    with pytest.raises(ValidationError):
        services.card_lift(actor=cell.city, card=card, note="整改完成", upload=None)
    with pytest.raises(ValidationError) as exc:
        services.card_lift(actor=cell.city, card=card, note="整改完成", upload=evidence())
    assert "still open" in str(exc.value)
    card.refresh_from_db()
    assert card.status == "open"
    cell.signal.status, cell.signal.closed_on = "closed", timezone.localdate()
    cell.signal.save()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):  # not a document: the evidence check refuses it
        services.card_lift(
            actor=cell.city, card=card, note="整改完成",
            upload=SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        )  # fmt: skip
    # The carded district does not lift its own card.
    with pytest.raises(ValidationError):
        services.card_lift(actor=cell.district, card=card, note="整改完成", upload=evidence())
    services.card_lift(actor=cell.city, card=card, note="整改完成", upload=evidence())
    card.refresh_from_db()
    assert card.status == "lifted" and len(card.lift_evidence_sha256) == 64


def test_cards_for_region_year(cell, card):
    from zhiliang.core.models import Region
    from zhiliang.risk.selectors import cards_for_region_year

    year = card.issued_on.year
    got = cards_for_region_year(cell.wujin, year)
    assert got["received_yellow"] == 1 and got["received_red"] == 0 and got["open"] == 1
    city = cards_for_region_year(Region.objects.get(code="3204"), year)
    assert city["issued_yellow"] == 1 and city["received_yellow"] == 1
    services.cards_escalate(today=card.deadline + timedelta(days=1))
    red_year = (card.deadline + timedelta(days=1)).year
    assert cards_for_region_year(cell.wujin, red_year)["received_red"] == 1
    assert cards_for_region_year(cell.xinbei, year)["received_yellow"] == 0


# -- actions -------------------------------------------------------------------------------


def test_targeted_sampling_plan_with_the_affected_cells(cell, card):
    action = services.action_sampling(actor=cell.city, card=card)
    plan = action.sampling_plan
    assert plan.region == cell.wujin and plan.status == "draft"
    quotas = list(plan.quotas.values_list("product__code", "region__code", "quota"))
    assert quotas == [("0401", "320412", 10)]
    assert Action.objects.filter(card=card, kind="sampling").count() == 1


def test_interview_is_a_case_with_its_interview(cell, card):
    today = timezone.localdate()
    action = services.action_interview(
        actor=cell.city,
        card=card,
        enterprise=cell.firm,
        interview={
            "held_on": today,
            "attendees": "企业法定代表人；区市场监管局",
            "issues": "电池组热失控",
            "commitments": "召回在售批次",
            "follow_up_on": today + timedelta(days=30),
        },
    )
    case = action.case
    assert case.kind == "supervised" and case.enterprise == cell.firm
    assert case.interviews.count() == 1


def test_bad_interview_leaves_nothing(cell, card):
    from zhiliang.cases.models import Case

    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.action_interview(
            actor=cell.city,
            card=card,
            enterprise=cell.firm,
            interview={
                "held_on": today,
                "attendees": "x",
                "issues": "y",
                "follow_up_on": today - timedelta(days=3),
            },
        )
    assert not Case.objects.exists() and not Action.objects.exists()


def test_notice_and_announcement_are_draft_warnings(cell, card):
    notice = services.action_notice(actor=cell.city, card=card, enterprises=[cell.firm])
    assert notice.made_warning.kind == "notice" and notice.made_warning.status == "draft"
    public = services.action_announcement(actor=cell.city, card=card)
    assert public.made_warning.kind == "consumer"
