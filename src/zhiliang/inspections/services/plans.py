"""Sampling plans (抽查计划) and their quotas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Product
from zhiliang.inspections.choices import PlanStatus
from zhiliang.inspections.models import PlanQuota, SamplingPlan
from zhiliang.inspections.services._common import _decimal, _int, _save

PLAN_FIELDS = (
    "name",
    "level",
    "year",
    "authority",
    "region",
    "random_share",
    "team_size",
    "weight_a",
    "weight_b",
    "weight_c",
    "weight_d",
    "status",
    "notes",
)


def _plan_fields(data: dict) -> dict:
    """Text from forms, bodies and sheets to the plan's types."""
    unknown = sorted(set(data) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    fields = {}
    for key, value in data.items():
        if key in ("random_share", "weight_a", "weight_b", "weight_c", "weight_d"):
            value = _decimal(value, key)
        elif key in ("year", "team_size"):
            value = _int(value, key)
        elif key == "name":
            value = (value or "").strip()
        fields[key] = value
    return fields


def sampling_plan_validate(*, data: dict, instance: SamplingPlan | None = None) -> SamplingPlan:
    """`instance` (or a new plan) with `data` applied, checked: its own rules
    (`SamplingPlan.clean()`), then those that need its authority: a market regulation body
    (checked when the authority is named, so a plan kept from before the rule keeps its
    own), whose region holds the plan's jurisdiction."""
    plan = instance or SamplingPlan()
    for key, value in _plan_fields(data).items():
        setattr(plan, key, value)
    plan.full_clean()
    if "authority" in data and not plan.authority.regulates_market:
        raise ValidationError(
            {"authority": _("Only a market regulation body may carry out supervision sampling.")}
        )
    if not plan.authority.region.contains(plan.region):
        raise ValidationError(
            {"region": _("The jurisdiction lies outside the authority's region.")}
        )
    return plan


def _plan_save(plan: SamplingPlan, actor, data: dict) -> SamplingPlan:
    # A jurisdiction outside the actor's is refused before any rule speaks of it.
    region = data.get("region", plan.region if plan.region_id else None)
    if region is not None:
        require_in_jurisdiction(actor, region)
    plan = sampling_plan_validate(data=data, instance=plan)
    plan._history_user = actor
    plan.save()
    return plan


@transaction.atomic
def sampling_plan_create(*, actor, data: dict) -> SamplingPlan:
    require_perm(actor, "inspections.add_samplingplan")
    plan = SamplingPlan(created_by=actor)
    return _plan_save(plan, actor, dict(data))


@transaction.atomic
def sampling_plan_update(*, actor, plan: SamplingPlan, data: dict) -> SamplingPlan:
    require_perm(actor, "inspections.change_samplingplan")
    require_visible(actor, plan)
    if (
        plan.status == PlanStatus.CLOSED
        and data.get("status", PlanStatus.CLOSED) == PlanStatus.CLOSED
    ):
        raise ValidationError(_("This plan is closed; reopen it first."))
    return _plan_save(plan, actor, dict(data))


@transaction.atomic
def quota_set(
    *, actor, plan: SamplingPlan, product: Product, region: Region, quota: int
) -> PlanQuota | None:
    """Set how many enterprises to draw for a product (or category) in a region; 0 removes
    the quota."""
    require_perm(actor, "inspections.change_samplingplan")
    require_visible(actor, plan)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."))
    quota = _int(quota, "quota")
    if quota < 0:
        raise ValidationError({"quota": _("A quota cannot be negative.")})
    if not plan.region.contains(region):
        raise ValidationError({"region": _("The region lies outside the plan's jurisdiction.")})
    existing = PlanQuota.objects.filter(plan=plan, product=product, region=region).first()
    if quota == 0:
        if existing:
            if existing.picks.exists():
                raise ValidationError(_("Enterprises were drawn for this quota; it stays."))
            existing._history_user = actor
            existing.delete()
        return None
    item = existing or PlanQuota(plan=plan, product=product, region=region)
    item.quota = quota
    return _save(item, actor)
