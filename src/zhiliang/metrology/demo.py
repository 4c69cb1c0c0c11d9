"""Demo metrology supervision for 常州市, deterministic for a seed: one net-content campaign
with failures, one fuel-dispenser campaign and 30 key energy-using units with their
energy-metering instruments."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise
from zhiliang.metrology import rules
from zhiliang.metrology.models import Campaign, Check, EnergyUnit, MeterConfig
from zhiliang.metrology.services import _judge

CITY = "3204"
# (product, nominal, unit, spread of a unit's content)
GOODS = (
    ("大米", 5, "kg", 0.012), ("食用植物油", 5, "L", 0.006), ("酱油", 500, "mL", 0.01),
    ("饼干", 200, "g", 0.02), ("洗衣粉", 1, "kg", 0.012), ("茶叶", 100, "g", 0.025),
    ("白酒", 500, "mL", 0.006), ("面粉", 2.5, "kg", 0.01), ("食盐", 400, "g", 0.01),
    ("牛奶", 250, "mL", 0.008),
)  # fmt: skip
LOTS = (30, 80, 300, 1000)


def _firms(limit: int) -> list[tuple]:
    """Up to `limit` enterprises taken in turn from each county, so every district has some."""
    counties = Region.objects.subtree(CITY).filter(level=RegionLevel.COUNTY)
    queues = []
    for code in counties.order_by("code").values_list("code", flat=True):
        qs = Enterprise.objects.in_region(code).filter(status__in=IN_BUSINESS).order_by("id")
        queues.append(list(qs.values_list("id", "region_id")[:limit]))
    out = []
    while len(out) < limit and any(queues):
        for queue in queues:
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out


def _net_content(rng, campaign, firms) -> list[Check]:
    out = []
    for i, (firm, region) in enumerate(firms[:40]):
        name, nominal, unit, spread = GOODS[i % len(GOODS)]
        lot = LOTS[i % len(LOTS)]
        n = rules.sampling(lot)["n"]
        bias = -0.035 if i % 7 == 3 else (-0.012 if i % 11 == 5 else 0.004)
        values = nominal * (1 + bias + rng.normal(0, spread, size=n))
        check = Check(
            campaign=campaign, number=f"JHL-{campaign.starts_on.year}-{i + 1:03d}",
            enterprise_id=firm, region_id=region,
            checked_on=campaign.starts_on + timedelta(days=int(rng.integers(0, 150))),
            item=name, nominal=Decimal(str(nominal)), nominal_unit=unit, lot_size=lot,
            values=[round(float(v), 3) for v in values],
        )  # fmt: skip
        _judge(check)
        out.append(check)
    return out


def _dispensers(rng, campaign, firms) -> list[Check]:
    out = []
    for i, (firm, region) in enumerate(firms[:30]):
        errors = rng.normal(0.02, 0.08, size=3)
        if i % 9 == 4:  # tampered or worn: beyond the ±0.30 % MPE
            errors = errors - 0.45
        check = Check(
            campaign=campaign, number=f"JYJ-{campaign.starts_on.year}-{i + 1:03d}",
            enterprise_id=firm, region_id=region,
            checked_on=campaign.starts_on + timedelta(days=int(rng.integers(0, 120))),
            item=f"加油机 {i + 1:02d} 号枪", values=[round(float(e), 2) for e in errors],
        )  # fmt: skip
        _judge(check)
        out.append(check)
    return out


def _energy(rng, firms, today) -> tuple[list, list]:
    units, meters = [], []
    kinds = ("electricity", "water", "natural_gas", "coal")
    for i, (firm, region) in enumerate(firms[:30]):
        unit = EnergyUnit(
            name=f"重点用能单位{i + 1:02d}", enterprise_id=firm, region_id=region,
            annual_tce=Decimal(int(rng.integers(5200, 90000))), year=today.year - 1,
            recorded_on=today - timedelta(days=60),
        )  # fmt: skip
        units.append(unit)
        for kind in kinds[: 2 + i % 3]:
            for level, base in (("unit", 3), ("sub_unit", 12), ("equipment", 60)):
                if rules.required_rate(kind, level) is None:
                    continue
                required = int(base * (0.5 + rng.random()))
                short = int(required * 0.12) if (i % 6 == 2 and level == "equipment") else 0
                meters.append((unit, MeterConfig(
                    region_id=region, level=level, kind=kind, required=required,
                    installed=required - short, recorded_on=unit.recorded_on,
                )))  # fmt: skip
    return units, meters


def demo_metrology_step(*, seed: int) -> str:
    if Campaign.objects.filter(region__code=CITY).exists():
        return _("metrology: already loaded")
    city = Region.objects.filter(code=CITY).first()
    firms = _firms(40)
    if city is None or not firms:
        return _("metrology: no enterprises")
    rng = np.random.default_rng(seed * 4271 + 21)
    today = timezone.localdate()
    year = today.year - 1
    with transaction.atomic():
        net = Campaign.objects.create(
            code=f"JL{year}-01", name=f"{year}年定量包装商品净含量专项监督检查",
            subject="net_content", region=city, starts_on=date(year, 4, 1),
            ends_on=date(year, 11, 30),
        )  # fmt: skip
        fuel = Campaign.objects.create(
            code=f"JL{year}-02", name=f"{year}年加油机计量专项监督检查",
            subject="fuel_dispenser", region=city, starts_on=date(year, 5, 1),
            ends_on=date(year, 10, 31),
        )  # fmt: skip
        checks = _net_content(rng, net, firms) + _dispensers(rng, fuel, firms[5:])
        bulk_create_with_history(checks, Check, batch_size=2000, default_change_reason="demo")
        units, meters = _energy(rng, firms[2:], today)
        bulk_create_with_history(units, EnergyUnit, batch_size=2000, default_change_reason="demo")
        for unit, meter in meters:
            meter.unit = unit
            meter.derive()
        configs = [m for _u, m in meters]
        bulk_create_with_history(configs, MeterConfig, batch_size=2000,
                                 default_change_reason="demo")  # fmt: skip
    failed = sum(c.verdict == "fail" for c in checks)
    return _(
        "metrology: 2 campaigns, %(c)s checks (%(f)s failed), %(u)s key energy-using units"
    ) % {"c": len(checks), "f": failed, "u": len(units)}
