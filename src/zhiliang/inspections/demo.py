"""Demo supervision sampling in 常州市: a year of city and district sampling.

Inspector registers for 常州市, 武进区 and 新北区; a city plan with quotas per category and
district, and a plan for each of the two districts; published draws; a sample for every
drawn enterprise with test items (failures likelier for enterprises with a high hidden
propensity — `zhiliang.demo.propensity`, which also drives the demo's penalties and
complaints — and in one district, so that the funnel plot shows it); most results
published; the failures followed up to every stage, one rectification overdue. Everything
goes through the services, as a user would; deterministic for a seed (dates count back
from today). A second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.models import Organization, Region, User
from zhiliang.core.models.regions import code_contains
from zhiliang.demo.propensity import chance, propensity
from zhiliang.enterprises.models import EnterpriseProduct, Product
from zhiliang.inspections import services
from zhiliang.inspections.choices import FollowUpAction as A
from zhiliang.inspections.choices import PlanLevel, Verdict
from zhiliang.inspections.models import SamplingPlan

CITY = "3204"
DISTRICTS = ("320412", "320411")  # the districts with demo accounts (武进区, 新北区)
ACCOUNTS = {CITY: "changzhou.office", "320412": "wujin.office", "320411": "xinbei.office"}
INSPECTORS_PER_OFFICE = 10
CITY_CATEGORIES, CITY_QUOTA = 5, 6  # per category and county
DISTRICT_CATEGORIES, DISTRICT_QUOTA = 4, 18  # per category, whole district
# A sample's chance to fail before the enterprise's propensity (mean 1) multiplies it.
FAIL_RATE = 0.05
# One district fails more often, so that the funnel plot shows a region beyond chance.
WEAK_DISTRICT, WEAK_FACTOR = "320413", 2.6
ITEMS = ("标志标识", "安全性能", "理化指标", "外观质量", "使用说明")
FOOD_ITEMS = ("菌落总数", "大肠菌群", "食品添加剂", "标签标识")
QUALIFICATIONS = ("执法证", "执法证、抽样员证", "执法证、产品质量检验员")


def _office(region_code: str) -> User:
    user = User.objects.filter(username=ACCOUNTS[region_code]).first()
    if user is not None:
        return user
    from zhiliang.demo.accounts import demo_users_ensure

    demo_users_ensure()  # the demo's accounts; idempotent, run again at the end of the demo
    return User.objects.get(username=ACCOUNTS[region_code])


def _bureau(region_code: str) -> Organization:
    """The region's market regulation bureau: a plan's authority, the inspectors' employer."""
    orgs = Organization.objects.filter(region__code=region_code)
    return orgs.filter(regulates_market=True).order_by("id").first() or orgs.order_by("id").first()


def _plan_name(year: int, region: Region) -> str:
    return f"{region.name}{year}年产品质量监督抽查计划"


def _categories(region_code: str, n: int) -> list[Product]:
    """The categories with the most makers in the region (one grouped query)."""
    from zhiliang.core.models.regions import subtree_ids

    rows = (
        EnterpriseProduct.objects.filter(
            enterprise__region__id__range=subtree_ids(region_code), product__parent__isnull=False
        )
        .values("product__parent")
        .annotate(n=Count("id"))
        .order_by("-n", "product__parent")[:n]
    )
    return list(Product.objects.filter(pk__in=[r["product__parent"] for r in rows]))


def _inspectors(rng: random.Random) -> int:
    from zhiliang.demo.synthetic import person_name

    made = 0
    for code in (CITY, *DISTRICTS):
        actor, org = _office(code), _bureau(code)
        for _n in range(INSPECTORS_PER_OFFICE):
            services.inspector_create(
                actor=actor,
                data={
                    "name": person_name(rng),
                    "organization": org,
                    "qualifications": rng.choice(QUALIFICATIONS),
                    "phone": f"13{rng.randrange(10**8, 10**9)}",
                },
            )
            made += 1
    return made


def _plan(actor, region: Region, level: str, year: int, quotas: list[tuple]) -> SamplingPlan:
    plan = services.sampling_plan_create(
        actor=actor,
        data={
            "name": _plan_name(year, region),
            "level": level,
            "year": year,
            "authority": _bureau(region.code),
            "region": region,
            "status": "draft",
        },
    )
    for product, quota_region, quota in quotas:
        services.quota_set(
            actor=actor, plan=plan, product=product, region=quota_region, quota=quota
        )
    return plan


def _samples(rng, actor, plan, draw, today, counter, seed) -> list:
    """A sample for every pick of the draw, with test items; the most recent are pending."""
    picks = list(draw.picks.select_related("enterprise", "enterprise__region", "quota__product"))
    made = {}
    for ent, prod, parent in EnterpriseProduct.objects.filter(
        enterprise_id__in=[p.enterprise_id for p in picks]
    ).values_list("enterprise_id", "product_id", "product__parent_id"):
        made.setdefault(ent, []).append((prod, parent))
    products = Product.objects.in_bulk({pid for pairs in made.values() for pid, _ in pairs})
    samples = []
    for pick in picks:
        quota_product = pick.quota.product
        choices = [
            pid
            for pid, parent in made.get(pick.enterprise_id, [])
            if pid == quota_product.pk or parent == quota_product.pk
        ]
        product = products[sorted(choices)[0]]
        sampled_on = today - dt.timedelta(days=rng.randint(10, 330))
        counter["n"] += 1
        data = {
            "sample_number": f"CZ{plan.year}-{plan.pk:03d}-{counter['n']:05d}",
            "brand": rng.choice(("恒星", "龙城", "天目", "金沙", "常青", "")),
            "model": f"{rng.choice('ABCDKX')}-{rng.randint(100, 999)}",
            "batch": (sampled_on - dt.timedelta(days=rng.randint(5, 90))).strftime("%Y%m%d"),
            "sampled_on": sampled_on,
        }
        items = None
        if sampled_on <= today - dt.timedelta(days=25):
            risk = chance(FAIL_RATE, propensity(seed, pick.enterprise.uscc))
            if code_contains(WEAK_DISTRICT, pick.enterprise.region.code):
                risk *= WEAK_FACTOR
            names = FOOD_ITEMS if product.is_food else ITEMS
            failed = rng.sample(names, rng.choice((1, 1, 2))) if rng.random() < risk else []
            items = [
                {"item": n, "verdict": Verdict.FAIL if n in failed else Verdict.PASS} for n in names
            ]
            data["tested_on"] = sampled_on + dt.timedelta(days=rng.randint(7, 14))
        samples.append(
            services.sample_record(
                actor=actor,
                plan=plan,
                enterprise=pick.enterprise,
                product=product,
                data=data,
                test_items=items,
                pick=pick,
            )
        )
    return samples


# Stages a failure is taken to: (name, the least age in days of the sample it needs).
# A chain that runs forward from the sample starts 16 days after it (after the report); one
# that ends today starts k days back and needs the report (≤ 14 days after sampling) before.
SPECIAL_STAGES = (
    ("escalated", 160),
    ("second_pass", 160),
    ("announced", 170),
    ("overdue", 120),
    ("retest_closed", 50),
    ("retest_closed", 50),
    ("reinspection", 75),
    ("reinspection", 75),
    ("rectification", 55),
    ("rectification", 55),
    ("retest", 30),
    ("notified", 20),
    ("notified", 20),
)


def _follow_up(actor, sample, stage: str, today: dt.date, train: bool) -> str:
    t = today
    s = sample.sampled_on

    def day(n, base):
        return base + dt.timedelta(days=n)

    def step(fu, action, on, **kw):
        return services.followup_transition(
            actor=actor, follow_up=fu, action=action, done_on=on, **kw
        )

    if stage in ("escalated", "second_pass", "closed", "retest_closed"):
        notified = day(16, s)
    else:
        notified = {
            "announced": day(-150, t),
            "overdue": day(-100, t),
            "reinspection": day(-60, t),
            "rectification": day(-40, t),
            "retest": day(-12, t),
            "notified": day(-5, t),
        }[stage]
    fu = services.followup_open(
        actor=actor, sample=sample, notified_on=notified, note="检验结果通知书已送达"
    )
    if stage == "notified":
        return stage
    if stage in ("retest", "retest_closed"):
        step(fu, A.OBJECT, day(4, notified), note="企业对检验结果提出异议，申请复检备样")
        if stage == "retest_closed":
            step(fu, A.RETEST_PASS, day(25, notified), note="备样复检合格")
        return stage
    order = day(20, notified)
    step(fu, A.ORDER_RECTIFICATION, order, note="责令停止生产销售不合格产品并限期整改")
    if stage in ("rectification", "overdue"):
        return stage
    step(fu, A.REPORT_RECTIFIED, day(30, order), note="企业提交整改报告")
    if train:
        step(fu, A.RECORD_TRAINING, day(32, order), training_attendees=8, note="质量管理培训")
    if stage == "reinspection":
        return stage
    if stage == "closed":
        step(fu, A.REINSPECT_PASS, day(50, order), note="复查合格")
        return stage
    announced = day(50, order)
    step(fu, A.REINSPECT_FAIL, announced, note="复查仍不合格，予以公告")
    if stage == "announced":
        return stage
    second = day(65, announced)
    if stage == "second_pass":
        step(fu, A.SECOND_REINSPECT_PASS, second, note="公告后复查合格")
    else:
        step(
            fu, A.SECOND_REINSPECT_FAIL, second, escalation="suspension", note="公告后复查仍不合格"
        )
    return stage


def demo_sampling_load(*, seed: int = 1, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    year = (today - dt.timedelta(days=180)).year
    city = Region.objects.get(code=CITY)
    if SamplingPlan.objects.filter(region=city, name=_plan_name(year, city)).exists():
        return {"created": False}
    rng = random.Random(seed)
    result = {"created": True, "inspectors": 0, "plans": 0, "samples": 0, "published": 0}
    with transaction.atomic():
        result["inspectors"] = _inspectors(rng)
        counties = list(Region.objects.filter(parent=city).order_by("code"))
        city_office = _office(CITY)
        plans = [
            (
                city_office,
                _plan(
                    city_office,
                    city,
                    PlanLevel.CITY,
                    year,
                    [
                        (c, r, CITY_QUOTA)
                        for c in _categories(CITY, CITY_CATEGORIES)
                        for r in counties
                    ],
                ),
            )
        ]
        for code in DISTRICTS:
            district, actor = Region.objects.get(code=code), _office(code)
            quotas = [(c, district, DISTRICT_QUOTA) for c in _categories(code, DISTRICT_CATEGORIES)]
            plans.append((actor, _plan(actor, district, PlanLevel.COUNTY, year, quotas)))
        samples, counter = [], {"n": 0}
        for actor, plan in plans:
            # Drawn one after the other: a district's draw leaves out what the city sampled.
            draw = services.draw_run(actor=actor, plan=plan, seed=rng.randrange(2**62))
            services.draw_publish(actor=actor, draw=draw)
            samples += [(actor, s) for s in _samples(rng, actor, plan, draw, today, counter, seed)]
        result["plans"] = len(plans)
        result["samples"] = len(samples)
        for actor, sample in samples:
            if sample.verdict != Verdict.PENDING and sample.tested_on <= today - dt.timedelta(
                days=20
            ):
                services.sample_publish(actor=actor, sample=sample)
                result["published"] += 1
        failures = sorted(
            ((a, s) for a, s in samples if s.verdict == Verdict.FAIL),
            key=lambda pair: (pair[1].sampled_on, pair[1].pk),
        )
        stages, queue = {}, list(SPECIAL_STAGES)
        for n, (actor, sample) in enumerate(failures):
            age = (today - sample.sampled_on).days
            stage = next((st for st, least in queue if age >= least), None)
            if stage is not None:
                queue.remove(next(q for q in queue if q[0] == stage))
            elif age >= 100:
                stage = "closed"
            elif age >= 55:
                stage = "rectification"
            else:
                stage = "notified"
            stage = _follow_up(actor, sample, stage, today, train=n % 2 == 0)
            stages[stage] = stages.get(stage, 0) + 1
        result["follow_ups"] = stages
        result["failed"] = len(failures)
        result["overdue"] = services.followups_flag_overdue(today=today)
    return result


def demo_sampling_step(*, seed: int) -> str:
    result = demo_sampling_load(seed=seed)
    if not result["created"]:
        return _("sampling: already loaded")
    tested = result["samples"]
    return _(
        "sampling: %(inspectors)s inspectors, %(plans)s plans, %(samples)s samples "
        "(%(failed)s failed, %(published)s published), %(followups)s follow-ups, "
        "%(overdue)s overdue"
    ) % {
        "inspectors": f"{result['inspectors']:,}",
        "plans": f"{result['plans']:,}",
        "samples": f"{tested:,}",
        "failed": f"{result['failed']:,}",
        "published": f"{result['published']:,}",
        "followups": f"{sum(result['follow_ups'].values()):,}",
        "overdue": f"{result['overdue']:,}",
    }
