"""Writes of metrology campaigns, checks and key energy-using units: rights, guard, the
record's rules, the verdict computed from the campaign's rule, history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_managed,
    require_perm,
    require_referable,
    require_visible,
    save_in_jurisdiction,
)
from zhiliang.core.validators import assign, checked
from zhiliang.credit.hooks import credit_event
from zhiliang.metrology import rules
from zhiliang.metrology.models import Campaign, Check, EnergyUnit, MeterConfig

_RELATED = ["campaign", "region", "enterprise", "unit"]


# -- campaigns -----------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("code", "name", "subject", "region", "starts_on", "ends_on")


def campaign_validate(*, data: dict, instance: Campaign | None = None, context=None):
    campaign = instance or Campaign()
    assign(campaign, data, CAMPAIGN_FIELDS)
    extra = {}
    if campaign.region_id is None:
        extra["region"] = _("Give the region of the campaign.")
    if (
        campaign.code
        and Campaign.objects.filter(code=campaign.code).exclude(pk=campaign.pk).exists()
    ):
        extra["code"] = _("A campaign coded %(c)s is already registered.") % {"c": campaign.code}
    if campaign.pk and "subject" in data and campaign.checks.exists():
        before = Campaign.objects.get(pk=campaign.pk).subject
        if before != campaign.subject:
            extra["subject"] = _("A campaign with checks keeps its subject.")
    checked(campaign, _RELATED, extra)
    return campaign


def campaign_create(*, actor, data: dict) -> Campaign:
    require_perm(actor, "metrology.add_campaign")
    return save_in_jurisdiction(actor, campaign_validate(data=data))


def campaign_update(*, actor, campaign: Campaign, data: dict) -> Campaign:
    require_perm(actor, "metrology.change_campaign")
    require_managed(actor, campaign)
    return save_in_jurisdiction(actor, campaign_validate(data=data, instance=campaign))


def campaign_delete(*, actor, campaign: Campaign) -> None:
    require_perm(actor, "metrology.delete_campaign")
    require_managed(actor, campaign)
    if campaign.checks.exists():
        raise ValidationError(_("A campaign with checks cannot be deleted."))
    campaign._history_user = actor
    campaign.delete()


# -- checks --------------------------------------------------------------------------------


def _judge(check: Check) -> None:
    """The verdict and its figures from the campaign's rule."""
    subject = check.campaign.subject
    if rules.subject_rule(subject) == "net_content":
        factor = rules.in_base_unit(1, check.nominal_unit)
        values = [v * factor for v in check.values]
        v = rules.judge_net_content(
            values, nominal=float(check.nominal) * factor, lot_size=check.lot_size
        )
    else:
        v = rules.judge_mpe(check.values, subject=subject)
    check.sample_size, check.mean, check.std = v.n, v.mean, v.std
    check.tolerance, check.mean_limit, check.max_error = v.tolerance, v.mean_limit, v.max_error
    check.beyond_t, check.beyond_2t, check.verdict = v.beyond_t, v.beyond_2t, v.verdict
    check.reasons = "; ".join(v.reasons)


def check_validate(*, data: dict, instance: Check | None = None, context=None) -> Check:
    """A check with its verdict computed. `context` may carry the importer's `taken`
    (campaign id, number) pairs."""
    context = context or {}
    data = dict(data)
    if data.get("enterprise") is not None:
        data["region"] = data["enterprise"].region
    check = instance or Check()
    for field, value in data.items():
        if field != "id":
            setattr(check, field, value)
    extra = {}
    campaign = data.get("campaign") or (check.campaign if check.campaign_id else None)
    if campaign is None:
        extra["campaign"] = _("Give the campaign.")
    if check.region_id is None:
        extra["region"] = _("Give the region, or the enterprise checked.")
    elif campaign is not None and not campaign.region.contains(check.region):
        extra["region"] = _("%(r)s lies outside the campaign's region.") % {"r": check.region.name}
    if campaign is not None and check.number:
        taken = context.get("taken")
        key = (campaign.pk, check.number)
        seen = (
            key in taken
            if taken is not None
            else Check.objects.filter(campaign=campaign, number=check.number)
            .exclude(pk=check.pk)
            .exists()
        )
        if seen:
            extra["number"] = _("Check %(n)s is already recorded in this campaign.") % {
                "n": check.number
            }
    checked(check, _RELATED, extra)
    _judge(check)
    return check


def check_create(*, actor, data: dict) -> Check:
    require_perm(actor, "metrology.add_check")
    require_referable(actor, data.get("enterprise"), "enterprise")
    if data.get("campaign") is not None:
        require_visible(actor, data["campaign"])
    check = save_in_jurisdiction(actor, check_validate(data=data))
    credit_event(check.enterprise_id)  # its credit records and class, at once
    return check


def check_delete(*, actor, check: Check) -> None:
    require_perm(actor, "metrology.delete_check")
    require_visible(actor, check)
    check._history_user = actor
    check.delete()
    credit_event(check.enterprise_id)  # a deleted failure no longer counts


def checks_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported checks (checked by `check_validate`), verdicts computed, with history; all
    or none. Their credit records come with the nightly refresh (`zhiliang credit classify`)."""
    require_perm(actor, "metrology.add_check")
    campaigns = Campaign.objects.in_bulk({r["campaign_id"] for r in rows})
    objs = []
    for row in rows:
        check = Check(**row)
        check.campaign = campaigns[row["campaign_id"]]
        _judge(check)
        objs.append(check)
    with transaction.atomic():
        bulk_create_with_history(
            objs, Check, batch_size=2000, default_user=actor, default_change_reason="import"
        )
    return len(objs)


# -- key energy-using units ----------------------------------------------------------------

UNIT_FIELDS = ("name", "enterprise", "region", "annual_tce", "year", "recorded_on")


def energy_unit_validate(*, data: dict, instance: EnergyUnit | None = None, context=None):
    unit = instance or EnergyUnit()
    data = dict(data)
    if data.get("enterprise") is not None:
        data["region"] = data["enterprise"].region
    assign(unit, data, UNIT_FIELDS)
    extra = {} if unit.region_id else {"region": _("Give the region, or the enterprise.")}
    checked(unit, _RELATED, extra)
    return unit


def energy_unit_create(*, actor, data: dict) -> EnergyUnit:
    require_perm(actor, "metrology.add_energyunit")
    require_referable(actor, data.get("enterprise"), "enterprise")
    return save_in_jurisdiction(actor, energy_unit_validate(data=data))


def energy_unit_update(*, actor, energyunit: EnergyUnit, data: dict) -> EnergyUnit:
    require_perm(actor, "metrology.change_energyunit")
    require_visible(actor, energyunit)
    require_referable(actor, data.get("enterprise"), "enterprise")
    unit = save_in_jurisdiction(actor, energy_unit_validate(data=data, instance=energyunit))
    unit.meters.exclude(region=unit.region).update(region=unit.region)
    return unit


def energy_unit_delete(*, actor, energyunit: EnergyUnit) -> None:
    require_perm(actor, "metrology.delete_energyunit")
    require_visible(actor, energyunit)
    energyunit._history_user = actor
    energyunit.delete()


def meter_config_save(*, actor, unit: EnergyUnit, data: dict) -> MeterConfig:
    """The unit's instruments of one energy at one level, added or corrected."""
    require_perm(actor, "metrology.add_meterconfig")
    require_visible(actor, unit)
    config = MeterConfig.objects.filter(
        unit=unit, level=data.get("level"), kind=data.get("kind")
    ).first() or MeterConfig(unit=unit)
    assign(config, data, ("level", "kind", "required", "installed", "recorded_on"))
    config.region = unit.region
    checked(config, _RELATED)
    config.derive()
    return save_in_jurisdiction(actor, config)


def meter_config_delete(*, actor, config: MeterConfig) -> None:
    require_perm(actor, "metrology.delete_meterconfig")
    require_visible(actor, config)
    config._history_user = actor
    config.delete()
