"""Plans, purchases and results: the rules, the verdicts, what they feed — risk information
and the signals' counts — and what they never feed on their own: credit records."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhiliang.monitoring.models import Purchase
from zhiliang.monitoring.services import purchase_open_case, result_validate
from zhiliang.risk.models import RiskInformation


def test_a_result_is_judged_against_its_limit_and_fails_the_purchase(make_purchase, record):
    purchase = make_purchase()
    assert purchase.verdict == "pending"
    assert record(purchase, "最高车速", "25").verdict == "pass"  # the limit itself is within
    purchase.refresh_from_db()
    assert purchase.verdict == "pass"
    assert not RiskInformation.objects.exists()
    assert record(purchase, "整车质量", "58.5").verdict == "fail"
    purchase.refresh_from_db()
    assert purchase.verdict == "fail"
    info = RiskInformation.objects.get()
    assert (info.source_kind, info.reference, info.hazard) == ("monitoring", "JC0001", "mechanical")
    assert "58.5" in info.text and "GB 17761-2018" in info.text
    assert purchase.history.count() >= 2


def test_a_result_twice_or_of_another_product_is_refused(make_purchase, record, bought_on):
    purchase = make_purchase()
    record(purchase, "最高车速", "22")
    with pytest.raises(ValidationError, match="already recorded"):
        record(purchase, "最高车速", "23")
    item = purchase.plan.items.get(name="整车质量")
    with pytest.raises(ValidationError) as exc:
        result_validate(data={"purchase": purchase, "item": item, "value": Decimal("1"),
                              "tested_on": bought_on - timedelta(days=1)})  # fmt: skip
    assert "before the purchase" in str(exc.value)


def test_purchase_rules(make_purchase, office):
    from zhiliang.enterprises.models import Product

    with pytest.raises(ValidationError, match="online platform"):
        make_purchase(channel="online")
    with pytest.raises(ValidationError, match="no test item for this product"):
        make_purchase(product=Product.objects.get(code="0404"))
    with pytest.raises(ValidationError, match="outside the plan"):
        make_purchase(region_code="320102")
    make_purchase(number="SAME")
    with pytest.raises(ValidationError, match="already registered"):
        make_purchase(number="SAME")


def test_a_district_buys_in_its_own_markets_only(make_purchase, make_user):
    wujin = make_user("office_staff", "320412")
    make_purchase(actor=wujin)
    with pytest.raises(PermissionDenied):
        make_purchase("320411", actor=wujin)
    viewer = make_user("viewer", "320412")
    with pytest.raises(PermissionDenied):
        make_purchase(actor=viewer)


def test_results_never_make_credit_records_unless_a_case_is_opened(
    make_purchase, record, make_enterprise, make_org, office
):
    """Failed monitoring results feed the risk information and the signals; the credit
    records do not change, even when they are recomputed. Only the explicit case does."""
    from zhiliang.cases.models import Case
    from zhiliang.credit.models import CreditRecord
    from zhiliang.credit.services import credit_records_refresh

    maker = make_enterprise("320412")
    purchase = make_purchase(enterprise=maker)
    record(purchase, "最高车速", "31")
    purchase.refresh_from_db()
    assert purchase.verdict == "fail"
    credit_records_refresh()
    assert not CreditRecord.objects.filter(enterprise=maker).exists()
    assert not Case.objects.exists()

    bureau = make_org("320412", name="武进区市场监督管理局")
    bureau.regulates_market = True
    bureau.save()
    due = purchase.bought_on + timedelta(days=60)
    case = purchase_open_case(
        actor=office, purchase=purchase, data={"number": "督26-1", "office": bureau, "due_on": due}
    )
    purchase.refresh_from_db()
    assert purchase.case == case and case.enterprise == maker and "最高车速 31" in case.violation
    with pytest.raises(ValidationError, match="already opened"):
        purchase_open_case(actor=office, purchase=purchase, data={})


def test_a_case_needs_a_failed_purchase_with_a_known_producer(make_purchase, record, office):
    passed = make_purchase()
    record(passed, "最高车速", "20")
    passed.refresh_from_db()
    with pytest.raises(ValidationError, match="beyond a limit"):
        purchase_open_case(actor=office, purchase=passed, data={})
    unknown = make_purchase()
    record(unknown, "最高车速", "40")
    unknown.refresh_from_db()
    with pytest.raises(ValidationError, match="producer is not known"):
        purchase_open_case(actor=office, purchase=unknown, data={})


def test_a_case_outside_the_jurisdiction_is_missing(make_purchase, record, make_user):
    purchase = make_purchase("320411")
    record(purchase, "最高车速", "40")
    wujin = make_user("office_staff", "320412")
    with pytest.raises(Http404):
        purchase_open_case(actor=wujin, purchase=Purchase.objects.get(pk=purchase.pk), data={})


def test_failures_feed_the_signal_counts_from_the_first_purchase(make_purchase, record):
    """The monitoring series: failed purchases per product × county × period, each county's
    history from the first period it was bought in whole."""
    from zhiliang.risk.choices import SignalMethod
    from zhiliang.risk.signals.cells import period_of
    from zhiliang.risk.signals.sources import monitoring_series

    for _k in range(3):
        record(make_purchase(), "最高车速", "30")
    record(make_purchase(), "最高车速", "20")
    day = Purchase.objects.first().bought_on
    series = monitoring_series(start=day - timedelta(days=400), end=day, unit="quarter")
    assert series.method == SignalMethod.MONITORING
    rows = series.rows.tolist()
    assert len(rows) == 1 and rows[0][1:] == [320412, period_of(day, "quarter"), 3]
    assert series.starts[320412] >= period_of(day, "quarter")
