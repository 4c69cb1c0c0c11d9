"""Reads of metrology campaigns, checks and key energy-using units through `visible_to`."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from zhiliang.core.filtersets import filled
from zhiliang.core.models import Region
from zhiliang.metrology.filtersets import CampaignFilterSet, CheckFilterSet, EnergyUnitFilterSet
from zhiliang.metrology.models import Campaign, Check, EnergyUnit, MeterConfig, Verdict


def _rate(passed, total):
    return passed / total * 100 if total else None


def campaign_list(*, user, filters=None):
    """Campaigns with their checks counted (what the user sees of them), in the one query."""
    seen = Q(checks__in=Check.objects.visible_to(user).values("pk"))
    qs = (
        Campaign.objects.visible_to(user)
        .select_related("region")
        .annotate(
            checks_total=Count("checks", filter=seen),
            checks_passed=Count("checks", filter=seen & Q(checks__verdict=Verdict.PASS)),
        )
        .order_by("-starts_on", "code")
    )
    return CampaignFilterSet(filled(filters), queryset=qs, user=user)


def campaign_get(*, user, pk) -> Campaign:
    return Campaign.objects.visible_to(user).select_related("region").get(pk=pk)


def check_list(*, user, filters=None):
    qs = Check.objects.visible_to(user).select_related("campaign", "region", "enterprise")
    return CheckFilterSet(filled(filters), queryset=qs, user=user)


def check_get(*, user, pk) -> Check:
    return (
        Check.objects.visible_to(user).select_related("campaign", "region", "enterprise").get(pk=pk)
    )


def pass_rates(*, user, campaign: Campaign | None = None) -> list[dict]:
    """Checks, passes and pass rate per campaign (or per region of one campaign): one
    grouped query."""
    qs = Check.objects.visible_to(user).order_by()
    if campaign is not None:
        # By county: a township's checks count in its county.
        qs = qs.filter(campaign=campaign).annotate(county=Substr("region__code", 1, 6))
        keys = ("county",)
    else:
        keys = ("campaign_id", "campaign__code", "campaign__name", "campaign__subject")
    rows = list(
        qs.values(*keys)
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(verdict=Verdict.PASS)))
        .order_by(*keys)
    )
    names = {}
    if campaign is not None:
        codes = [row["county"] for row in rows]
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for row in rows:
        row["rate"] = _rate(row["passed"], row["total"])
        if campaign is not None:
            row["region_name"] = names.get(row["county"], row["county"])
    return rows


def campaign_counts(*, user, campaign: Campaign) -> dict:
    row = (
        Check.objects.visible_to(user)
        .filter(campaign=campaign)
        .aggregate(total=Count("pk"), passed=Count("pk", filter=Q(verdict=Verdict.PASS)))
    )
    row["rate"] = _rate(row["passed"], row["total"])
    return row


def energy_unit_list(*, user, filters=None):
    qs = (
        EnergyUnit.objects.visible_to(user)
        .select_related("region", "enterprise")
        .annotate(required=Sum("meters__required"), counted=Sum("meters__counted"))
        .order_by("name", "id")
    )
    return EnergyUnitFilterSet(filled(filters), queryset=qs, user=user)


def energy_unit_get(*, user, pk) -> EnergyUnit:
    return EnergyUnit.objects.visible_to(user).select_related("region", "enterprise").get(pk=pk)


def meters_of(*, unit: EnergyUnit) -> list[MeterConfig]:
    return list(unit.meters.order_by("level", "kind"))


def energy_rate(*, user) -> dict:
    """配备率 over the user's units: Σ counted ÷ Σ required (one aggregate)."""
    row = MeterConfig.objects.visible_to(user).aggregate(
        required=Sum("required"),
        counted=Sum("counted"),
        units=Count("unit", distinct=True),
        short=Count("unit", distinct=True, filter=Q(meets=False)),
    )
    row["rate"] = _rate(row["counted"] or 0, row["required"] or 0)
    return row
