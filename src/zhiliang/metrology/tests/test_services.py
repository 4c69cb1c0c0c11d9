"""Campaigns, checks and key energy-using units through the services: rules, rights, scope,
the verdict stored, the 配备率."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhiliang.core.models import Region
from zhiliang.metrology import selectors, services
from zhiliang.metrology.models import Check


@pytest.fixture
def campaign(clerk):
    return services.campaign_create(
        actor=clerk,
        data={"code": "JL2025-01", "name": "净含量专项", "subject": "net_content",
              "region": Region.objects.get(code="320412"), "starts_on": date(2025, 4, 1),
              "ends_on": date(2025, 11, 30)},
    )  # fmt: skip


def _check(campaign, **changes):
    data = {
        "campaign": campaign,
        "number": "C1",
        "region": Region.objects.get(code="320412"),
        "checked_on": date(2025, 5, 6),
        "item": "大米",
        "nominal": Decimal("0.5"),
        "nominal_unit": "kg",
        "lot_size": 30,
        "values": [v / 1000 for v in (484, 502, 495, 501, 499, 503, 497, 500, 496, 504)],
    }
    data.update(changes)
    return data  # fmt: skip


def test_check_verdict_is_computed_in_the_units_of_the_table(clerk, campaign):
    check = services.check_create(actor=clerk, data=_check(campaign))
    assert (check.verdict, check.beyond_t, check.tolerance) == ("fail", 1, 15)
    assert check.history.count() == 1
    ok = services.check_create(actor=clerk, data=_check(campaign, number="C2", values=[
        0.498, 0.502, 0.495, 0.501, 0.499, 0.503, 0.497, 0.5, 0.496, 0.504]))  # fmt: skip
    assert ok.verdict == "pass"
    counts = selectors.campaign_counts(user=clerk, campaign=campaign)
    assert (counts["total"], counts["passed"], counts["rate"]) == (2, 1, 50)


def test_bad_checks_are_refused_with_reasons(clerk, campaign):
    with pytest.raises(ValidationError, match="checked on 10 units; 3 values"):
        services.check_create(actor=clerk, data=_check(campaign, values=[0.5, 0.5, 0.5]))
    with pytest.raises(ValidationError, match="g, kg, mL or L"):
        services.check_create(actor=clerk, data=_check(campaign, nominal_unit="斤"))
    with pytest.raises(ValidationError, match="outside the campaign's period"):
        services.check_create(actor=clerk, data=_check(campaign, checked_on=date(2025, 1, 2)))
    with pytest.raises(ValidationError, match="outside the campaign's region"):
        services.check_create(
            actor=clerk, data=_check(campaign, region=Region.objects.get(code="320411"))
        )
    services.check_create(actor=clerk, data=_check(campaign))
    with pytest.raises(ValidationError, match="already recorded"):
        services.check_create(actor=clerk, data=_check(campaign))
    assert Check.objects.count() == 1


def test_rights_and_scope(make_user, campaign):
    with pytest.raises(PermissionDenied):
        services.check_create(actor=make_user("viewer", "320412"), data=_check(campaign))
    other = make_user("office_staff", "320411")
    assert not selectors.campaign_list(user=other, filters={}).qs.exists()


def test_energy_units_and_configuration_rate(clerk):
    data = {
        "name": "某钢铁公司",
        "region": Region.objects.get(code="320412"),
        "annual_tce": Decimal("4999"),
        "year": 2025,
        "recorded_on": date(2026, 1, 5),
    }
    with pytest.raises(ValidationError, match="not a key energy-using unit"):
        services.energy_unit_create(actor=clerk, data=data)
    unit = services.energy_unit_create(actor=clerk, data={**data, "annual_tce": Decimal(12000)})
    day = date(2026, 1, 5)
    services.meter_config_save(
        actor=clerk,
        unit=unit,
        data={
            "level": "unit",
            "kind": "electricity",
            "required": 4,
            "installed": 5,
            "recorded_on": day,
        },
    )
    m = services.meter_config_save(actor=clerk, unit=unit, data={
        "level": "equipment", "kind": "electricity", "required": 40, "installed": 37,
        "recorded_on": day})  # fmt: skip
    assert (m.counted, m.meets) == (37, False)  # 92.5 % < 95 %
    # Correcting the same level and energy replaces it.
    m = services.meter_config_save(actor=clerk, unit=unit, data={
        "level": "equipment", "kind": "electricity", "required": 40, "installed": 38,
        "recorded_on": day})  # fmt: skip
    assert m.meets and unit.meters.count() == 2
    rate = selectors.energy_rate(user=clerk)
    # Installed beyond the required counts as required: (4 + 38) / (4 + 40).
    assert rate["rate"] == pytest.approx(42 / 44 * 100)
    with pytest.raises(ValidationError, match="No instruments are required"):
        services.meter_config_save(actor=clerk, unit=unit, data={
            "level": "equipment", "kind": "steam", "required": 1, "installed": 1,
            "recorded_on": day})  # fmt: skip


def test_a_failed_check_becomes_a_credit_record_and_a_reason(clerk, campaign, make_enterprise):
    from zhiliang.credit import scoring
    from zhiliang.credit.models import CreditClass, CreditRecord
    from zhiliang.credit.services import credit_records_refresh

    firm = make_enterprise("320412")
    today = timezone.localdate()  # the record counts 3 years back from today
    on = today - timedelta(days=10)
    period = {"starts_on": today - timedelta(days=60), "ends_on": today + timedelta(days=60)}
    services.campaign_update(actor=clerk, campaign=campaign, data=period)
    credit_records_refresh()
    scoring.classify()  # the installation classifies: events refresh at once
    assert CreditClass.objects.get(enterprise=firm).is_default
    failed = _check(campaign, enterprise=firm, checked_on=on)
    good = [0.498, 0.502, 0.495, 0.501, 0.499, 0.503, 0.497, 0.5, 0.496, 0.504]
    passed = _check(campaign, number="C2", enterprise=firm, checked_on=on, values=good)
    services.check_create(actor=clerk, data=failed)
    services.check_create(actor=clerk, data=passed)
    record = CreditRecord.objects.get(enterprise=firm)
    assert (record.kind, record.detail, record.occurred_on) == (
        "metrology_failed",
        "net_content",
        on,
    )
    cls = CreditClass.objects.get(enterprise=firm)
    assert (cls.score, cls.is_default) == (4.0, False)
    assert cls.reasons[0]["code"] == "metrology_failed"
    assert "1 failed metrology check" in cls.reasons[0]["text_en"]
    services.check_delete(actor=clerk, check=Check.objects.get(number="C1"))
    assert not CreditRecord.objects.filter(enterprise=firm).exists()
