"""Sampling plans (抽查计划) and their quotas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Product
from zhiliang.inspections.choices import PlanLevel, PlanStatus
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


def _plan_apply(plan: SamplingPlan, actor, data: dict) -> SamplingPlan:
    unknown = sorted(set(data) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    for key, value in data.items():
        if key in ("random_share", "weight_a", "weight_b", "weight_c", "weight_d"):
            value = _decimal(value, key)
            if value < 0:
                raise ValidationError({key: _("Must not be negative.")})
        elif key in ("year", "team_size"):
            value = _int(value, key)
        elif key == "name":
            value = (value or "").strip()
        setattr(plan, key, value)
    if not plan.name:
        raise ValidationError({"name": _("A plan needs a name.")})
    if plan.level not in PlanLevel.values:
        raise ValidationError({"level": _("Unknown level %(v)s.") % {"v": plan.level}})
    if not (0 <= plan.random_share <= 1):
        raise ValidationError({"random_share": _("The random share lies between 0 and 1.")})
    if plan.team_size < 1:
        raise ValidationError({"team_size": _("A team has at least one inspector.")})
    if all(getattr(plan, f"weight_{c}") == 0 for c in "abcd") and plan.random_share < 1:
        raise ValidationError(_("At least one risk class needs a weight above zero."))
    if plan.region_id is None or plan.authority_id is None:
        raise ValidationError(_("A plan needs its authority and its jurisdiction."))
    require_in_jurisdiction(actor, plan.region)
    # Checked on a change only: a plan kept from before the rule keeps its authority.
    if "authority" in data and not plan.authority.regulates_market:
        raise ValidationError(
            {"authority": _("Only a market regulation body may carry out supervision sampling.")}
        )
    if not plan.authority.region.contains(plan.region):
        raise ValidationError(
            {"region": _("The jurisdiction lies outside the authority's region.")}
        )
    return _save(plan, actor)


@transaction.atomic
def sampling_plan_create(*, actor, data: dict) -> SamplingPlan:
    require_perm(actor, "inspections.add_samplingplan")
    plan = SamplingPlan(created_by=actor)
    return _plan_apply(plan, actor, dict(data))


@transaction.atomic
def sampling_plan_update(*, actor, plan: SamplingPlan, data: dict) -> SamplingPlan:
    require_perm(actor, "inspections.change_samplingplan")
    require_visible(actor, plan)
    if (
        plan.status == PlanStatus.CLOSED
        and data.get("status", PlanStatus.CLOSED) == PlanStatus.CLOSED
    ):
        raise ValidationError(_("This plan is closed; reopen it first."))
    return _plan_apply(plan, actor, dict(data))


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
