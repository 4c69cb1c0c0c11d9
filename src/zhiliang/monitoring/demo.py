"""Demo risk monitoring for 常州市: a plan each in 武进区 (320412) and 新北区 (320411), with
purchases from shops and online stores over the year so far and their results.

Synthetic: shops, prices, brands and measured values are made up for the demo; the limits
are those of the standards named (GB 17761-2018 电动自行车安全技术规范: maximum speed ≤ 25 km/h,
mass ≤ 55 kg; GB 6675.4-2014 for the soluble lead of a child's product coating, ≤ 90 mg/kg).
About one purchase in eight fails one item. Deterministic for a seed; a second run adds
nothing. The failed purchases become risk information; no case and no credit record follows.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.monitoring import services
from zhiliang.monitoring.choices import Channel
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem

MARK = "JC"  # demo purchase numbers start with it
COUNTIES = {"320412": "武进区", "320411": "新北区"}
# product → [(hazard, item, unit, low, high, standard, typical value, spread)]
ITEMS = {
    "0401": [
        ("injury", "最高车速", "km/h", None, "25", "GB 17761-2018 6.1.1", 23.0, 1.2),
        ("mechanical", "整车质量", "kg", None, "55", "GB 17761-2018 6.1.2", 50.0, 2.5),
    ],
    "0404": [
        ("chemical", "涂层可迁移铅", "mg/kg", None, "90", "GB 6675.4-2014 表1", 40.0, 22.0),
    ],
}
BRANDS = {"0401": ("雅驰", "绿能", "新日行", "速客"), "0404": ("童乐", "小飞侠", "贝贝骑")}
NAMES = {"0401": "电动自行车", "0404": "儿童自行车"}
SHOPS = ("城区电动车专卖店", "农贸市场车行", "镇区五金商店")
PLATFORMS = ("某电商平台", "某直播平台")
PRICES = {"0401": (1500, 3200), "0404": (180, 900)}  # yuan
PER_COUNTY = 12  # purchases of each product in each county


def _value(rng, typical: float, spread: float, fail: bool, high: float) -> Decimal:
    v = high * (1.04 + 0.1 * rng.random()) if fail else min(rng.gauss(typical, spread), high)
    return Decimal(str(round(max(v, 0.0), 1)))


def _purchases(rng, plan, county, products, firms, today) -> list[Purchase]:
    objs = []
    start = date(today.year, 1, 10)
    span = max((today - timedelta(days=20) - start).days, 1)
    for code, product in products.items():
        for k in range(PER_COUNTY):
            online = rng.random() < 0.4
            objs.append(
                Purchase(
                    plan=plan,
                    number=f"{MARK}{today.year}{county}{code}{k:03d}",
                    product=product,
                    region=county,
                    channel=Channel.ONLINE if online else Channel.STORE,
                    shop=f"{rng.choice(BRANDS[code])}{_('flagship store')}"
                    if online
                    else rng.choice(SHOPS),
                    platform=rng.choice(PLATFORMS) if online else "",
                    place="" if online else f"{county.name}{rng.randint(1, 300)}号",
                    bought_on=start + timedelta(days=rng.randrange(span)),
                    price=Decimal(rng.randint(*PRICES[code])),
                    sample_name=NAMES[code],
                    brand=rng.choice(BRANDS[code]),
                    enterprise_id=rng.choice(firms) if firms and rng.random() < 0.6 else None,
                )
            )
    return objs


def demo_monitoring_step(*, seed: int) -> str:
    if Purchase.objects.filter(number__startswith=MARK).exists():
        return _("risk monitoring: already loaded")
    products = {p.code: p for p in Product.objects.filter(code__in=ITEMS)}
    counties = {r.code: r for r in Region.objects.filter(code__in=COUNTIES)}
    if not products or not counties:
        return _("risk monitoring: no catalogue or regions")
    rng = random.Random(seed * 7919 + 2)
    today = timezone.localdate()
    purchases, results = [], []
    with transaction.atomic():
        for code, county in sorted(counties.items()):
            plan = Plan.objects.create(
                name=_("%(county)s risk monitoring of e-bikes and children's bicycles")
                % {"county": county.name},
                year=today.year,
                region=county,
                description=_("Samples bought from shops and online stores; synthetic demo."),
            )
            items = [
                TestItem(
                    plan=plan,
                    product=products[p],
                    hazard=h,
                    name=name,
                    unit=unit,
                    limit_min=low and Decimal(low),
                    limit_max=high and Decimal(high),
                    standard=std,
                )
                for p, rows in ITEMS.items()
                if p in products
                for h, name, unit, low, high, std, _t, _s in rows
            ]
            bulk_create_with_history(items, TestItem, default_change_reason="demo")
            items = list(TestItem.objects.filter(plan=plan))
            firms = list(
                Enterprise.objects.in_region(code).order_by("id").values_list("id", flat=True)[:30]
            )
            bought = _purchases(
                rng, plan, county, {p: products[p] for p in ITEMS if p in products}, firms, today
            )
            bulk_create_with_history(bought, Purchase, default_change_reason="demo")
            bought = list(Purchase.objects.filter(plan=plan).order_by("number"))
            purchases += bought
            spec = {(p, r[1]): r for p, rows in ITEMS.items() for r in rows}
            for purchase in bought:
                mine = [i for i in items if i.product_id == purchase.product_id]
                failing = rng.choice(mine) if rng.random() < 0.125 else None
                for item in mine:
                    _h, _n, _u, _lo, high, _std, typical, spread = spec[
                        (purchase.product.code, item.name)
                    ]
                    value = _value(rng, typical, spread, item is failing, float(high))
                    results.append(
                        Result(
                            purchase=purchase,
                            item=item,
                            value=value,
                            tested_on=min(purchase.bought_on + timedelta(days=10), today),
                            verdict="pass" if item.passes(value) else "fail",
                            region_id=purchase.region_id,
                        )
                    )
        bulk_create_with_history(results, Result, batch_size=2000, default_change_reason="demo")
        services.purchases_judge(purchase_ids=[p.pk for p in purchases])
    failed = sum(1 for r in results if r.verdict == "fail")
    return _(
        "risk monitoring: %(p)s plans, %(n)s purchases, %(r)s results (%(f)s beyond a limit)"
    ) % {"p": len(counties), "n": len(purchases), "r": len(results), "f": failed}
