"""Resolving unit names of a document to the Organisations of the plan's region."""

from dataclasses import dataclass

from django.db import models

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Organization, Region
from zhiliang.core.models.regions import subtree_ids
from zhiliang.plans.units import central_units_q, department_of, parse

SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "街道",
    "乡",
)


@dataclass(frozen=True)
class Resolution:
    name: str  # as written
    organization: Organization | None
    collective: bool  # 区政府有关单位: a group, not one organisation
    region: Region | None  # whose unit the name means
    suggestion: str  # the full current name, for creating the organisation


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def lineage(region: Region) -> list[Region]:
    """The region and its ancestors, province first."""
    return [*Region.objects.ancestors_of(region.code).order_by("code"), region]


def place_names(chain: list[Region]) -> dict[str, Region]:
    """Every way a document may name the region or an ancestor, longest first."""
    names: dict[str, Region] = {}
    for i, region in enumerate(chain):
        if region.name in ("市辖区", "县"):
            continue
        full = "".join(r.name for r in chain[: i + 1] if r.name not in ("市辖区", "县"))
        for name in (
            full,
            "".join(r.name for r in chain[1 : i + 1]),
            region.name,
            short_name(region.name),
        ):
            if len(name) >= 2:
                names.setdefault(name, region)
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


def _region_at(chain: list[Region], level: int) -> Region | None:
    plan_region = chain[-1]
    # In a county-level city (溧阳市) "市" means the plan's own region.
    if (
        level == RegionLevel.CITY
        and plan_region.level == RegionLevel.COUNTY
        and plan_region.name.endswith("市")
    ):
        return plan_region
    return next((r for r in chain if r.level == level), None)


def full_name(chain: list[Region], region: Region) -> str:
    upto = chain[: chain.index(region) + 1]
    return "".join(r.name for r in upto[1:] if r.name not in ("市辖区", "县")) or region.name


def resolve_units(names: list[str], plan_region: Region) -> list[Resolution]:
    """Resolve many names with one query for the organisations of the regions involved."""
    chain = lineage(plan_region)
    places = place_names(chain)
    parsed = [parse(name, tuple(places)) for name in names]
    wanted = {places.get(p.place) for p in parsed} | {
        _region_at(chain, p.level) for p in parsed if p.level
    }
    wanted.discard(None)
    orgs = list(
        Organization.objects.filter(region__in=wanted, is_active=True).select_related("region")
    )
    # By full name too, but only the plan's region, below it or above it, or a central
    # unit: never a neighbour's unit, whose existence is not the reviewer's to learn.
    nearby = Organization.objects.filter(
        models.Q(region__id__range=subtree_ids(plan_region.code))
        | models.Q(region__in=chain)
        | central_units_q()
    )
    by_name = {o.name: o for o in nearby.filter(name__in=names, is_active=True)}
    out = []
    for name, p in zip(names, parsed, strict=True):
        region = (
            places.get(p.place) if p.place else (_region_at(chain, p.level) if p.level else None)
        )
        org = by_name.get(name)
        if org is None and region is not None and p.department is not None and not p.collective:
            matches = [
                o
                for o in orgs
                if o.region_id == region.id
                and (d := department_of(o.name))
                and d.key == p.department.key
            ]
            org = matches[0] if len(matches) == 1 else None
        suggestion = ""
        creatable = p.department is not None and not p.department.central and not p.collective
        if org is None and region is not None and creatable:
            suggestion = full_name(chain, region) + p.department.current_at(region.level)
        out.append(Resolution(name, org, p.collective, region, suggestion))
    return out
