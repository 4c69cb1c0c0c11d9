"""Credit records and classes as the services make them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhiliang.credit import scoring, services
from zhiliang.credit.models import ClassChange, CreditClass, CreditRecord

pytestmark = pytest.mark.django_db


def refresh_and_classify(**kw):
    services.credit_records_refresh()
    return scoring.classify(**kw)


def test_records_are_derived_idempotently(firm, make_penalty):
    make_penalty(firm, kind="warning")
    make_penalty(firm, kind="fine")
    assert services.credit_records_refresh() == 2
    first = list(CreditRecord.objects.values_list("id", "kind", "detail", "occurred_on"))
    assert services.credit_records_refresh() == 2
    assert list(CreditRecord.objects.values_list("id", "kind", "detail", "occurred_on")) == first
    assert {r[2] for r in first} == {"warning", "fine"}


def test_an_overturned_decision_leaves_the_records(firm, make_penalty, clerk):
    from zhiliang.penalties.services import penalty_overturn

    penalty = make_penalty(firm)
    services.credit_records_refresh()
    penalty_overturn(actor=clerk, penalty=penalty, on=date(2025, 4, 1), reason="复议撤销")
    assert services.credit_records_refresh() == 0


def test_an_enterprise_without_records_gets_the_default_class(firm):
    refresh_and_classify()
    cls = CreditClass.objects.get(enterprise=firm)
    assert (cls.computed_class, cls.is_default, cls.score, cls.reasons) == ("B", True, 0, [])
    firm.refresh_from_db()
    assert firm.risk_class == "B"


def test_scores_bands_and_reasons(firm, make_enterprise, make_penalty):
    clean = make_enterprise("320412")
    for _ in range(3):
        make_penalty(firm, kind="fine")  # 3 × 8 = 24: C
    refresh_and_classify(as_of=date(2025, 6, 1))
    cls = CreditClass.objects.get(enterprise=firm)
    assert (cls.computed_class, cls.score, cls.is_default) == ("C", 24.0, False)
    assert cls.reasons[0]["code"] == "penalties_major"
    assert cls.reasons[0]["contribution"] == 24.0
    assert "3" in cls.reasons[0]["text"] and "3 fine" in cls.reasons[0]["text_en"]
    assert CreditClass.objects.get(enterprise=clean).is_default
    firm.refresh_from_db()
    assert firm.risk_class == "C"
    change = ClassChange.objects.get(enterprise=firm)
    assert (change.from_class, change.to_class) == ("B", "C")


def test_only_records_before_as_of_count(firm, make_penalty):
    make_penalty(firm, kind="fine", decided_on=date(2025, 3, 3))
    services.credit_records_refresh()
    before = scoring.compute(as_of=date(2025, 3, 3), enterprise_ids=[firm.pk])
    after = scoring.compute(as_of=date(2025, 3, 4), enterprise_ids=[firm.pk])
    assert (before.scores[0], bool(before.is_default[0])) == (0, True)
    assert after.scores[0] == 8
    late = scoring.compute(as_of=date(2028, 3, 4), enterprise_ids=[firm.pk])  # 3-year window
    assert late.scores[0] == 0


def test_a_revoked_licence_forces_d(firm, make_penalty):
    make_penalty(firm, kind="licence_revocation")
    refresh_and_classify(as_of=date(2025, 6, 1))
    cls = CreditClass.objects.get(enterprise=firm)
    assert (cls.computed_class, cls.forced_by, cls.score) == ("D", "force_d_revoked", 8.0)
    assert cls.reasons[0]["code"] == "force_d_revoked"


def test_the_office_overrides_with_a_reason_until_a_day(firm, clerk, make_user):
    refresh_and_classify()
    cls = CreditClass.objects.get(enterprise=firm)
    until = timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        services.credit_class_override(
            actor=clerk, credit_class=cls, risk_class="D", reason=" ", until=until
        )
    assert "reason" in " ".join(exc.value.messages)
    cls.refresh_from_db()
    assert (cls.override_class, cls.effective_class) == ("", "B")
    with pytest.raises(PermissionDenied):
        services.credit_class_override(
            actor=make_user("inspector", "320412"), credit_class=cls, risk_class="D",
            reason="x", until=until,
        )  # fmt: skip
    services.credit_class_override(
        actor=clerk, credit_class=cls, risk_class="D", reason="重大隐患", until=until
    )
    firm.refresh_from_db()
    assert (cls.effective_class, firm.risk_class) == ("D", "D")
    change = ClassChange.objects.filter(enterprise=firm).first()
    assert (change.to_class, change.by_override, change.reason, change.actor) == (
        "D", True, "重大隐患", clerk,
    )  # fmt: skip
    assert cls.history.count() >= 1
    # Reclassification keeps the override while it runs, and drops it once it expired.
    scoring.classify()
    firm.refresh_from_db()
    assert firm.risk_class == "D"
    CreditClass.objects.filter(pk=cls.pk).update(override_until=timezone.localdate())
    scoring.classify()
    firm.refresh_from_db()
    assert firm.risk_class == "B"


def test_override_out_of_jurisdiction_is_missing(make_enterprise, clerk):
    other = make_enterprise("320411")
    refresh_and_classify()
    cls = CreditClass.objects.get(enterprise=other)
    with pytest.raises(Exception) as exc:
        services.credit_class_override(
            actor=clerk, credit_class=cls, risk_class="D", reason="x",
            until=timezone.localdate() + timedelta(days=3),
        )  # fmt: skip
    assert exc.type.__name__ in ("DoesNotExist", "Http404", "ObjectDoesNotExist")


def test_one_enterprise_after_an_event(firm, make_penalty, make_enterprise):
    other = make_enterprise("320412")
    refresh_and_classify()
    make_penalty(firm, kind="licence_revocation", decided_on=timezone.localdate())
    # the penalty service calls credit_enterprise_refresh: the class is D at once
    firm.refresh_from_db()
    assert firm.risk_class == "D"
    assert CreditClass.objects.get(enterprise=other).computed_class == "B"


def test_an_open_abnormal_listing_forces_c_until_removed(firm, clerk):
    from zhiliang.penalties.services import listing_create, listing_remove

    listing = listing_create(
        actor=clerk,
        data={"enterprise": firm, "deciding_body": clerk.organization, "reason": "unreachable",
              "legal_basis": "企业经营异常名录管理暂行办法第四条", "listed_on": date(2025, 1, 2)},
    )  # fmt: skip
    refresh_and_classify()
    cls = CreditClass.objects.get(enterprise=firm)
    assert (cls.computed_class, cls.forced_by, cls.score) == ("C", "force_c_abnormal", 10.0)
    listing_remove(actor=clerk, listing=listing, on=date(2025, 6, 1), reason="已通过登记住所联系")
    # the service's event: records and class at once; the removed listing no longer counts
    cls.refresh_from_db()
    assert (cls.computed_class, cls.is_default) == ("B", True)
    record = CreditRecord.objects.get(enterprise=firm, kind="abnormal_listing")
    assert record.ended_on == date(2025, 6, 1)
    # as of a day while it was open, it still counts (the backtest's view of the past)
    past = scoring.compute(as_of=date(2025, 3, 1), enterprise_ids=[firm.pk])
    assert past.letters()[0] == "C"
