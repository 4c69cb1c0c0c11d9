"""Fixtures shared by the page, import, statistics and demo tests (imported by them)."""

import datetime as dt

import pytest


@pytest.fixture
def products(db):
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product

    products_load(Product)  # live-server tests flush the migration's rows
    leaves = Product.objects.filter(parent__isnull=False).order_by("code")
    return {"first": leaves[0], "second": leaves[1] if leaves.count() > 1 else leaves[0]}


@pytest.fixture
def city_office(make_user):
    return make_user("office_staff", "3204")


@pytest.fixture
def make_plan(city_office):
    from zhiliang.inspections import services

    def make(actor=None, region_code=None, level="city", name="常州市2025年产品质量监督抽查计划"):
        actor = actor or city_office
        region = actor.jurisdiction if region_code is None else None
        if region is None:
            from zhiliang.core.models import Region

            region = Region.objects.get(code=region_code)
        return services.sampling_plan_create(
            actor=actor,
            data={
                "name": name,
                "level": level,
                "year": 2025,
                "authority": actor.organization,
                "region": region,
            },
        )

    return make


@pytest.fixture
def make_sample(city_office, products):
    from zhiliang.inspections import services

    counter = {"n": 0}

    def make(plan, enterprise, verdict="pass", sampled_on=dt.date(2025, 5, 6), actor=None, **data):
        counter["n"] += 1
        items = [{"item": "标识", "verdict": "pass"}]
        if verdict == "fail":
            items.append({"item": "铅含量", "verdict": "fail"})
        data.setdefault("sample_number", f"T2025-{counter['n']:05d}")
        return services.sample_record(
            actor=actor or city_office,
            plan=plan,
            enterprise=enterprise,
            product=data.pop("product", products["first"]),
            data={"sampled_on": sampled_on, "tested_on": sampled_on, **data},
            test_items=items if verdict != "pending" else None,
        )

    return make
