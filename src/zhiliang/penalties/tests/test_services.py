"""The rules of penalties and listings, as every surface meets them through the services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhiliang.core.workdays import add_weekdays
from zhiliang.penalties import rules, services
from zhiliang.penalties.choices import PenaltyStatus


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_working_days_skip_weekends():
    friday = date(2025, 1, 3)
    assert add_weekdays(friday, 1) == date(2025, 1, 6)
    assert rules.publish_by(friday) == date(2025, 1, 31)  # 20 working days: four weeks


@pytest.mark.parametrize(
    ("kind", "amount", "until"),
    [
        ("warning", None, date(2025, 6, 3)),
        ("fine", Decimal("2000"), date(2025, 6, 3)),  # a small fine: 3 months
        ("fine", Decimal("50000"), date(2028, 3, 3)),
        ("licence_revocation", None, date(2028, 3, 3)),
    ],
)
def test_the_publication_window_follows_the_kind_and_amount(make_penalty, kind, amount, until):
    penalty = make_penalty(kind=kind, fine_amount=amount)
    assert penalty.public_from == date(2025, 3, 3)
    assert penalty.public_until == until
    assert penalty.publish_by == date(2025, 3, 31)
    assert penalty.history.count() == 1


def test_publication_counts_from_the_day_it_was_published(make_penalty):
    penalty = make_penalty(kind="warning", fine_amount=None, published_on=date(2025, 3, 20))
    assert (penalty.public_from, penalty.public_until) == (date(2025, 3, 20), date(2025, 6, 20))


def test_bad_penalties_are_refused_with_a_reason(make_penalty, make_org, firm):
    future = timezone.localdate() + timedelta(days=1)
    cases = {
        "decided_on": ({"decided_on": future}, "cannot be in the future"),
        "early": ({"decided_on": date(2015, 5, 31)}, "before the enterprise was established"),
        "kind": ({"kind": "flogging"}, "Unknown kind of penalty flogging; known kinds: warning"),
        "amount": ({"fine_amount": None}, "A fine needs its amount"),
        "negative": ({"kind": "warning", "confiscated_amount": -1}, "cannot be negative"),
        "body": (
            {"enforcing_body": make_org("320412", "武进区教育局")},
            "Only a market regulation body",
        ),
    }
    for name, (data, text) in cases.items():
        with pytest.raises(ValidationError) as exc:
            make_penalty(**data)
        assert text in messages(exc), name
    assert not firm.penalties.exists()


def test_a_decision_number_is_unique_per_enforcing_body(make_penalty, make_org):
    make_penalty(decision_number="常武市监罚〔2025〕7号")
    with pytest.raises(ValidationError) as exc:
        make_penalty(decision_number="常武市监罚〔2025〕7号")
    assert "already has a decision numbered 常武市监罚〔2025〕7号" in messages(exc)
    city = make_org("3204")
    assert make_penalty(decision_number="常武市监罚〔2025〕7号", enforcing_body=city).pk


def test_rights_and_jurisdiction(make_penalty, make_user, make_enterprise, clerk, bureau):
    viewer = make_user("viewer", "320412")
    with pytest.raises(PermissionDenied):
        services.penalty_create(actor=viewer, data={})
    theirs = make_enterprise("320411")
    with pytest.raises(ValidationError) as exc:
        make_penalty(enterprise=theirs)
    assert exc.value.message_dict == {"enterprise": ["Not found."]}


def test_overturning_withdraws_the_decision(make_penalty, clerk):
    penalty = make_penalty()
    with pytest.raises(ValidationError, match="reason"):
        services.penalty_overturn(actor=clerk, penalty=penalty, on=date(2025, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.penalty_overturn(
            actor=clerk, penalty=penalty, on=date(2025, 1, 1), reason="行政复议撤销"
        )
    assert "before the decision" in messages(exc)
    penalty = services.penalty_overturn(
        actor=clerk, penalty=penalty, on=date(2025, 5, 1), reason="行政复议撤销"
    )
    assert penalty.status == PenaltyStatus.OVERTURNED
    assert penalty.public_until == date(2025, 5, 1)
    with pytest.raises(ValidationError, match="already"):
        services.penalty_overturn(actor=clerk, penalty=penalty, on=date(2025, 5, 2), reason="x")
    # The status is not an editable particular.
    services.penalty_update(actor=clerk, penalty=penalty, data={"status": "in_force"})
    penalty.refresh_from_db()
    assert penalty.status == PenaltyStatus.OVERTURNED and penalty.history.count() == 3


def test_another_districts_penalty_is_missing(make_penalty, make_user):
    from django.http import Http404

    penalty = make_penalty()
    other = make_user("office_staff", "320411")
    with pytest.raises(Http404):
        services.penalty_overturn(actor=other, penalty=penalty, on=date(2025, 5, 1), reason="x")


def test_a_listing_needs_its_legal_basis(make_listing, firm):
    with pytest.raises(ValidationError) as exc:
        make_listing(legal_basis="  ")
    assert "needs its legal basis" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        make_listing(reason="rude")
    assert "Unknown reason rude" in messages(exc)
    assert not firm.abnormal_listings.exists()


def test_one_open_listing_per_reason(make_listing, clerk):
    first = make_listing()
    with pytest.raises(ValidationError) as exc:
        make_listing(listed_on=date(2025, 8, 1))
    assert "already listed for this reason" in messages(exc)
    assert make_listing(reason="unreachable").pk  # another reason is another listing
    with pytest.raises(ValidationError, match="reason for the removal"):
        services.listing_remove(actor=clerk, listing=first, on=date(2025, 9, 1))
    with pytest.raises(ValidationError, match="before the listing"):
        services.listing_remove(actor=clerk, listing=first, on=date(2025, 6, 1), reason="补报")
    services.listing_remove(actor=clerk, listing=first, on=date(2025, 9, 1), reason="已补报年报")
    assert make_listing(listed_on=date(2025, 10, 1)).is_open
    with pytest.raises(ValidationError, match="was removed on 2025-09-01"):
        services.listing_remove(actor=clerk, listing=first, reason="again")
