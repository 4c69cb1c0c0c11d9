"""The evaluation engine on worked cases: eligibility with reasons, the panel drawn with
conflicts excluded and verifiable from its seed, scores refused above an item's points,
the reviewer spread sending a disputed item back for consensus, the public notice with an
objection, the decision entering the registry, and the nightly recheck of holders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhiliang.credit.models import CreditClass
from zhiliang.recognition import panel, services
from zhiliang.recognition.choices import ApplicationStatus as S
from zhiliang.recognition.choices import HolderStatus
from zhiliang.recognition.holders import holders_recheck
from zhiliang.recognition.models import Application, Holder, Score
from zhiliang.recognition.tests.conftest import accepted, apply, full_points

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def _class_d(firm):
    return CreditClass.objects.create(
        enterprise=firm,
        computed_class="D",
        effective_class="D",
        score=90,
        model_version="t",
        computed_at=timezone.now(),
    )


def test_ineligible_enterprise_refused_with_its_reasons(world):
    firm = world.firms[0]
    _class_d(firm)
    with pytest.raises(ValidationError) as exc:
        apply(world, firm)
    assert "credit risk class D" in str(exc.value)
    assert not Application.objects.exists()
    ok = apply(world, world.firms[1])
    assert all(row["passed"] for row in ok.eligibility)
    assert {row["rule"] for row in ok.eligibility} >= {"credit_not_d", "not_seriously_listed"}


def test_formal_check_refuses_one_that_became_ineligible(world):
    application = apply(world, world.firms[0])
    _class_d(world.firms[0])
    services.application_check(actor=world.office, application=application, passed=True)
    application.refresh_from_db()
    assert application.status == S.REFUSED
    assert "credit risk class D" in application.check_note


def test_passing_the_formal_check_needs_documents(world):
    application = apply(world, world.firms[0])
    with pytest.raises(ValidationError, match="No documents"):
        services.application_check(actor=world.office, application=application, passed=True)


def test_panel_excludes_conflicts_and_verifies_from_its_seed(world):
    firm = world.firms[0]
    employee, adviser = world.experts[0], world.experts[1]
    employee.employer = firm
    employee.save()
    adviser.related.add(firm)
    application = accepted(world, firm)
    for seed in range(12):  # whatever the seed, the tied experts are never drawn
        inputs, chosen = panel.run(application, seed)
        assert employee.pk not in chosen and adviser.pk not in chosen and len(chosen) == 3
    services.panel_draw(actor=world.office, application=application, seed=20261206)
    application.refresh_from_db()
    assert application.status == S.SCORING
    assert panel.verify(application).ok
    again, _c = panel.run(application, 20261206)
    assert panel.compute(again) == list(application.seats.values_list("expert_id", flat=True))
    # A seat given to the employee by hand: the panel no longer verifies.
    seat = application.seats.first()
    seat.expert = employee
    seat.save()
    result = panel.verify(application)
    assert not result.ok and any("conflict" in d for d in result.differences)


def test_pool_too_small_once_conflicts_are_excluded(world):
    firm = world.firms[0]
    for expert in world.experts[:4]:
        expert.employer = firm
        expert.save()
    application = accepted(world, firm)
    with pytest.raises(ValidationError, match="2 experts without a conflict"):
        services.panel_draw(actor=world.office, application=application, seed=1)


def _drawn(world, firm=None):
    application = accepted(world, firm or world.firms[0])
    services.panel_draw(actor=world.office, application=application, seed=7)
    application.refresh_from_db()
    return application, list(application.seats.order_by("order"))


def test_score_above_an_items_points_is_refused(world):
    application, seats = _drawn(world)
    points = full_points()
    points["4.1.2"] = 51  # the item has 50 points
    with pytest.raises(ValidationError) as exc:
        services.scores_submit(actor=world.office, seat=seats[0], points=points)
    assert "above the item's 50 points" in str(exc.value)
    assert not Score.objects.exists()
    points.pop("4.1.2")
    with pytest.raises(ValidationError, match="4.1.2 missing"):
        services.scores_submit(actor=world.office, seat=seats[0], points=points)


def test_spread_beyond_the_gap_goes_back_for_consensus(world):
    """4.1.2 has 50 points, gap 20 % = 10: reviewers 40, 28, 45 (spread 17) disagree; the
    other items are within their gap. After consensus 40, 38, 42 (spread 4) it settles."""
    application, seats = _drawn(world)
    for seat, first in zip(seats, (40, 28, 45), strict=True):
        services.scores_submit(
            actor=world.office, seat=seat, points={**full_points(), "4.1.2": first}
        )
    application.refresh_from_db()
    assert application.status == S.CONSENSUS
    assert [d["item"] for d in application.disputed] == ["4.1.2"]
    assert (application.disputed[0]["lo"], application.disputed[0]["hi"]) == (28, 45)
    with pytest.raises(ValidationError, match="not sent back"):
        services.scores_submit(actor=world.office, seat=seats[0], points={"4.2.2": 30})
    for seat, second in zip(seats, (40, 38, 42), strict=True):
        services.scores_submit(actor=world.office, seat=seat, points={"4.1.2": second})
    application.refresh_from_db()
    assert application.status == S.SCORED and application.disputed == []
    # 0.8 × 1,000 except 4.1.2: 800 − 40 + mean(40, 38, 42) = 800.
    assert application.total == Decimal("800.0")
    assert Score.objects.filter(item="4.1.2", revision=2).count() == 3


def test_an_expert_scores_only_their_own_seat(world, make_user):
    application, seats = _drawn(world)
    reviewer = make_user("inspector", "3204")
    seats[0].expert.user = reviewer
    seats[0].expert.save()
    services.scores_submit(actor=reviewer, seat=seats[0], points=full_points())
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.scores_submit(actor=reviewer, seat=seats[1], points=full_points())


def _scored(world, firm, share=0.8):
    application, seats = _drawn(world, firm)
    for seat in seats:
        services.scores_submit(actor=world.office, seat=seat, points=full_points(share=share))
    application.refresh_from_db()
    services.site_review(
        actor=world.office, application=application, passed=True, note="现场评审符合"
    )
    return application


def test_public_notice_objection_and_decision(world):
    today = timezone.localdate()
    a = _scored(world, world.firms[0])
    b = _scored(world, world.firms[1])
    services.publicity_start(actor=world.office, round=world.round, on=today)
    world.round.refresh_from_db()
    assert world.round.publicity_until == today + timedelta(days=7)
    a.refresh_from_db()
    late = today + timedelta(days=8)
    with pytest.raises(ValidationError, match="during the public notice"):
        services.objection_add(actor=world.office, application=a, received_on=late, text="x")
    objection = services.objection_add(
        actor=world.office, application=a, received_on=today, text="反映该企业产品曾被投诉"
    )
    with pytest.raises(ValidationError, match="runs until"):
        services.application_decide(actor=world.office, application=a, award=True, on=today)
    with pytest.raises(ValidationError, match="Settle the objections"):
        services.application_decide(actor=world.office, application=a, award=True, on=late)
    services.objection_settle(
        actor=world.office,
        objection=objection,
        outcome="dismissed",
        note="经核实投诉已依法处理，不影响评审",
    )
    services.application_decide(actor=world.office, application=a, award=True, on=late)
    holder = Holder.objects.get(application=a)
    assert (holder.kind, holder.level, holder.status) == ("award", "city", HolderStatus.VALID)
    assert holder.valid_until.year == late.year + 5
    b.refresh_from_db()
    _class_d(world.firms[1])  # ineligible by the decision: refused
    with pytest.raises(ValidationError, match="No longer eligible"):
        services.application_decide(actor=world.office, application=b, award=True, on=late)
    services.application_decide(actor=world.office, application=b, award=False, on=late)
    world.round.refresh_from_db()
    assert world.round.status == "decided"


def test_recheck_flags_a_holder_that_becomes_ineligible_and_closes_expired(world):
    today = timezone.localdate()
    firm, other = world.firms[0], world.firms[1]
    h1 = Holder.objects.create(
        kind="brand",
        enterprise=firm,
        region=firm.region,
        product="电机",
        level="city",
        year=today.year - 1,
        valid_from=today - timedelta(400),
        valid_until=today + timedelta(300),
    )
    h2 = Holder.objects.create(
        kind="award",
        enterprise=other,
        region=other.region,
        level="city",
        year=today.year - 6,
        valid_from=today - timedelta(2000),
        valid_until=today - timedelta(10),
    )
    assert holders_recheck(as_of=today) == {"expired": 1, "flagged": 0}
    _class_d(firm)
    assert holders_recheck(as_of=today)["flagged"] == 1
    h1.refresh_from_db()
    h2.refresh_from_db()
    assert h1.flagged and "credit risk class D" in h1.flag_reasons[0]
    assert h2.status == HolderStatus.EXPIRED
    services.holder_revoke(actor=world.office, holder=h1, reason="信用等级降为D类")
    h1.refresh_from_db()
    assert h1.status == HolderStatus.REVOKED and not h1.flagged
