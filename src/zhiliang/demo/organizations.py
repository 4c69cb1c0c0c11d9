"""The organisations of each government level in scope: government, market supervision
bureau, quality office and departments; an inspection body and a quality association
per city. Existing organisations (same region and name) are left alone."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import OrganizationKind, RegionLevel
from zhiliang.core.models import Organization, Region
from zhiliang.demo import words
from zhiliang.demo.synthetic import place_prefix

K = OrganizationKind
MSB = "市场监督管理局"
# Creation order, so that every parent exists before its children.
TIERS = ((K.GOVERNMENT,), (K.DEPARTMENT,), (K.OFFICE, K.INSPECTION_BODY, K.ASSOCIATION))


def _units(scope: str) -> list[tuple[Region, str, str]]:
    """(region, full prefix for names, short prefix) of every government level in scope."""
    regions = list(Region.objects.subtree(scope).filter(level__lte=RegionLevel.COUNTY))
    names = {r.code: r.name for r in regions}
    units = []
    for r in regions:
        if r.level == RegionLevel.COUNTY:
            units.append((r, place_prefix(names.get(r.code[:4], ""), r.name), r.name))
        else:
            units.append((r, r.name, r.name))
    return units


def _is_zone(name: str) -> bool:
    return name.endswith(("开发区", "园区", "新区"))


def planned(scope: str) -> list[tuple[str, str, str, str, str | None]]:
    """(region code, name, short name, kind, parent's name) in creation order: parents first."""
    tiers: list[list] = [[], [], []]
    for region, full, short in _units(scope):
        gov = f"{full}管理委员会" if _is_zone(short) else f"{full}人民政府"
        msb = full + MSB
        tiers[0].append((region.code, gov, "", K.GOVERNMENT, None))
        tiers[1].append((region.code, msb, f"{short}市场监管局", K.DEPARTMENT, gov))
        tiers[2].append(
            (region.code, f"{short}质量工作领导小组办公室", f"{short}质量办", K.OFFICE, msb)
        )
        column = {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 1}.get(region.level, 0)
        for names in words.DEPARTMENTS:
            tiers[1].append((region.code, full + names[column], "", K.DEPARTMENT, gov))
        if region.level == RegionLevel.CITY:
            tiers[2].append(
                (region.code, f"{full}质量技术监督综合检验检测中心", "", K.INSPECTION_BODY, msb)
            )
        if region.level in (RegionLevel.CITY, RegionLevel.PROVINCE):
            tiers[2].append((region.code, f"{full}质量协会", "", K.ASSOCIATION, None))
    return [row for tier in tiers for row in tier]


def organizations_ensure(*, scope: str) -> int:
    """Create the missing organisations of `scope` (a region code); return how many."""
    rows = planned(scope)
    codes = {code for code, *_rest in rows}
    region_ids = dict(Region.objects.filter(code__in=codes).values_list("code", "id"))
    created = 0
    with transaction.atomic():
        for kinds in TIERS:
            existing = {
                (region_id, name): pk
                for pk, region_id, name in Organization.objects.filter(
                    region_id__in=region_ids.values()
                ).values_list("id", "region_id", "name")
            }
            with_office = set(
                Organization.objects.filter(kind=K.OFFICE).values_list("region_id", flat=True)
            )
            new = []
            for code, name, short, kind, parent in rows:
                region_id = region_ids[code]
                if kind not in kinds or (region_id, name) in existing:
                    continue
                if kind == K.OFFICE and region_id in with_office:
                    continue  # one quality office per region: someone has set theirs up
                parent_id = existing.get((region_id, parent)) if parent else None
                new.append(
                    Organization(
                        name=name,
                        short_name=short,
                        kind=kind,
                        region_id=region_id,
                        parent_id=parent_id,
                        regulates_market=name.endswith(MSB),
                    )
                )
            bulk_create_with_history(new, Organization, default_change_reason="demo data")
            created += len(new)
    return created
