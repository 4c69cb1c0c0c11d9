"""Fixtures of the sampling core: catalogue, plans with quotas, makers, inspectors."""

import datetime as dt

import pytest


@pytest.fixture
def new_plan(office, regions):
    from zhiliang.core.models import Region
    from zhiliang.inspections import services

    def make(actor=None, region_code="3204", level="city", **data):
        actor = actor or office
        return services.sampling_plan_create(
            actor=actor,
            data={
                "name": data.pop("name", "抽查计划"),
                "level": level,
                "year": 2025,
                "authority": data.pop("authority", actor.organization),
                "region": Region.objects.get(code=region_code),
                **data,
            },
        )

    return make


@pytest.fixture
def set_quota(office, regions):
    from zhiliang.core.models import Region
    from zhiliang.inspections import services

    def make(plan, product, quota, region_code=None, actor=None):
        region = Region.objects.get(code=region_code) if region_code else plan.region
        return services.quota_set(
            actor=actor or office, plan=plan, product=product, region=region, quota=quota
        )

    return make


@pytest.fixture
def maker(make_enterprise):
    """An enterprise making the given products."""
    from zhiliang.enterprises.models import EnterpriseProduct

    def make(products, region_code="320412", **fields):
        ent = make_enterprise(region_code, **fields)
        for p in products if isinstance(products, list | tuple) else [products]:
            EnterpriseProduct.objects.create(enterprise=ent, product=p)
        return ent

    return make


@pytest.fixture
def inspector(make_org, regions):
    from zhiliang.core.models import Organization
    from zhiliang.inspections.models import Inspector

    counter = {"n": 0}

    def make(region_code="3204", **fields):
        counter["n"] += 1
        org = Organization.objects.filter(region__code=region_code).first() or make_org(region_code)
        return Inspector.objects.create(
            name=fields.pop("name", f"检查员{counter['n']}"), organization=org, **fields
        )

    return make


@pytest.fixture
def record_sample(office, regions):
    """A sample recorded through the service (pass by default)."""
    from zhiliang.inspections import services

    counter = {"n": 0}

    def make(plan, enterprise, product, sampled_on=None, verdict="pass", actor=None, **data):
        counter["n"] += 1
        items = [{"item": "标识", "verdict": "pass"}]
        if verdict == "fail":
            items.append({"item": "铅含量", "verdict": "fail", "standard": "GB 4806.7"})
        if verdict == "pending":
            items = None
        return services.sample_record(
            actor=actor or office,
            plan=plan,
            enterprise=enterprise,
            product=product,
            data={
                "sampled_on": sampled_on or dt.date.today() - dt.timedelta(days=30),
                "sample_number": data.pop("sample_number", f"S-{counter['n']:05d}"),
                **data,
            },
            test_items=items,
        )

    return make


@pytest.fixture
def products(db):
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product

    products_load(Product)  # live-server tests flush the migration's rows
    leaves = Product.objects.filter(parent__isnull=False).order_by("code")
    return {"first": leaves[0], "second": leaves[1] if leaves.count() > 1 else leaves[0]}


@pytest.fixture
def make_plan(office):
    from zhiliang.inspections import services

    def make(actor=None, region_code=None, level="city", name="常州市2025年产品质量监督抽查计划"):
        actor = actor or office
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
def make_sample(office, products):
    from zhiliang.inspections import services

    counter = {"n": 0}

    def make(plan, enterprise, verdict="pass", sampled_on=dt.date(2025, 5, 6), actor=None, **data):
        counter["n"] += 1
        items = [{"item": "标识", "verdict": "pass"}]
        if verdict == "fail":
            items.append({"item": "铅含量", "verdict": "fail"})
        data.setdefault("sample_number", f"T2025-{counter['n']:05d}")
        return services.sample_record(
            actor=actor or office,
            plan=plan,
            enterprise=enterprise,
            product=data.pop("product", products["first"]),
            data={"sampled_on": sampled_on, "tested_on": sampled_on, **data},
            test_items=items if verdict != "pending" else None,
        )

    return make


@pytest.fixture
def world(office, new_plan, set_quota, catalogue, maker, inspector, record_sample):
    """The sampling world of the page, API and browser tests: a 常州市 plan with a quota of
    4 fridges in 320412, eight makers there (risk classes A–D twice), four inspectors (the
    first with a phone number), a published draw; two published samples of drawn
    enterprises, `good` (公开牌) and `bad` (内部牌, failed, followed up since 2025-05-20), and
    an unpublished one, `hidden` (隐藏牌), of a maker the draw did not sample."""
    from zhiliang.inspections import services

    fridge = catalogue["0101"]
    plan = new_plan(name="常州市2025年监督抽查")
    set_quota(plan, fridge, 4, region_code="320412")
    firms = [maker(fridge, "320412", risk_class=c) for c in "ABCDABCD"]
    inspectors = [inspector("3204", phone="13912345678")] + [inspector("3204") for _ in range(3)]
    draw = services.draw_run(actor=office, plan=plan, seed=42)
    services.draw_publish(actor=office, draw=draw)
    picks = list(draw.picks.select_related("enterprise"))
    may_6 = dt.date(2025, 5, 6)
    good = record_sample(plan, picks[0].enterprise, fridge, sampled_on=may_6, brand="公开牌")
    bad = record_sample(
        plan, picks[1].enterprise, fridge, sampled_on=may_6, verdict="fail", brand="内部牌"
    )
    services.sample_publish(actor=office, sample=good)
    services.sample_publish(actor=office, sample=bad)
    # Ids differ between databases, and so do the picks: hide one that was not sampled.
    sampled = {picks[0].enterprise_id, picks[1].enterprise_id}
    other = next(m for m in reversed(firms) if m.pk not in sampled)
    hidden = record_sample(plan, other, fridge, sampled_on=dt.date(2025, 5, 7), brand="隐藏牌")
    fu = services.followup_open(actor=office, sample=bad, notified_on=dt.date(2025, 5, 20))
    return {
        "plan": plan,
        "draw": draw,
        "good": good,
        "bad": bad,
        "hidden": hidden,
        "fu": fu,
        "firms": firms,
        "inspector": inspectors[0],
        "unsampled": [f for f in firms if f.pk not in sampled | {other.pk}],
    }
