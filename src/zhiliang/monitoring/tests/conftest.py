"""Fixtures of the risk monitoring tests: a plan of 常州市 (3204) with two test items of
电动自行车 (0401), and purchases in its districts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def bought_on():
    return timezone.localdate() - timedelta(days=5)


@pytest.fixture
def plan(office, catalogue, bought_on):
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Product
    from zhiliang.monitoring.services import item_create, plan_create

    plan = plan_create(
        actor=office,
        data={"name": "电动自行车风险监测", "year": bought_on.year,
              "region": Region.objects.get(code="3204")},
    )  # fmt: skip
    bike = Product.objects.get(code="0401")
    for name, unit, high, hazard in (("最高车速", "km/h", "25", "injury"),
                                     ("整车质量", "kg", "55", "mechanical")):  # fmt: skip
        item_create(
            actor=office,
            data={"plan": plan, "product": bike, "hazard": hazard, "name": name, "unit": unit,
                  "limit_max": Decimal(high), "standard": "GB 17761-2018"},
        )  # fmt: skip
    return plan


@pytest.fixture
def make_purchase(office, plan, bought_on):
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Product
    from zhiliang.monitoring.services import purchase_create

    counter = {"n": 0}

    def make(region_code="320412", actor=None, **changes):
        counter["n"] += 1
        data = {
            "plan": plan,
            "number": f"JC{counter['n']:04d}",
            "product": Product.objects.get(code="0401"),
            "region": Region.objects.get(code=region_code),
            "channel": "store",
            "shop": "城区电动车专卖店",
            "bought_on": bought_on,
            "price": Decimal("2399.00"),
            "sample_name": "电动自行车",
            "brand": "雅驰",
        }
        data.update(changes)
        return purchase_create(actor=actor or office, data=data)

    return make


@pytest.fixture
def record(office, bought_on):
    from zhiliang.monitoring.services import result_create

    def make(purchase, name, value, actor=None):
        item = purchase.plan.items.get(name=name)
        return result_create(
            actor=actor or office,
            data={"purchase": purchase, "item": item, "value": Decimal(value),
                  "tested_on": bought_on},
        )  # fmt: skip

    return make
