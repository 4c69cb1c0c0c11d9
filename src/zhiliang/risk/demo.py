"""Demo data of the risk app for 常州市, with one planted problem.

`monitoring_samples` makes three years of in-control sampling of the 电动自行车 family
(0401–0404) in every county of the city: each product at its own base failure rate, as
many samples per quarter as a county's makers warrant (武进区, the e-bike district, the
most). `plant_problem` — kept apart, so that nothing else in the demo carries it — makes
0401 电动自行车 in 武进区 (320412) fail at three times its base rate for the last two
quarters and adds a cluster of safety complaints about it. The demo step then feeds the
failed samples into the risk information, computes the signals and stores the
calibration, as the daily job does. Deterministic for a seed; a second run adds nothing.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.models import Organization, Region
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.inspections.choices import FollowUpState, PlanLevel, Verdict
from zhiliang.inspections.models import FollowUp, Sample, SamplingPlan
from zhiliang.risk.signals.cells import period_bounds, period_of

CITY = "3204"
MARK = "RM"  # demo monitoring sample numbers start with it
QUARTERS = 12
BASE_RATES = {"0401": 0.05, "0402": 0.08, "0403": 0.06, "0404": 0.04}
# Samples per quarter: 武进区 samples e-bikes most (its makers), other cells 15.
PER_QUARTER = {("320412", "0401"): 80, ("320412", "0402"): 30, ("320412", "0403"): 30}
DEFAULT_PER_QUARTER = 15
PLANTED_COUNTY, PLANTED_PRODUCT, PLANTED_FACTOR, PLANTED_QUARTERS = "320412", "0401", 3.0, 2
PLANTED_COMPLAINTS = 9
# Complaint clusters of the latest quarter: (county, product, name, what the callers said).
# 新北区's children's bicycles are a complaint spike only (no failing samples planted).
CLUSTERS = (
    (PLANTED_COUNTY, PLANTED_PRODUCT, "电动自行车", "电动自行车充电时电池过热冒烟。"),
    ("320411", "0404", "儿童自行车", "儿童自行车链条防护罩缺失，骑行时夹伤手指。"),
)


def quarters(today: date) -> list[tuple[int, date, date]]:
    """The last QUARTERS quarters up to today's: (index, first day, last day sampled)."""
    last = period_of(today, "quarter")
    out = []
    for index in range(last - QUARTERS + 1, last + 1):
        start, end = period_bounds(index, "quarter")
        out.append((index, start, min(end, today - timedelta(days=14))))
    return out


def monitoring_samples(*, rng, today, firms, plans, products, rate, exact=()) -> list[Sample]:
    """Samples of every county × product × quarter; `rate(county, code, index)` is the
    failure rate (the base rate, unless a planted problem says otherwise). The cells in
    `exact` fail exactly their rate's share of samples, the others at random."""
    objs = []
    for county, county_firms in sorted(firms.items()):
        for code, product in sorted(products.items()):
            n = PER_QUARTER.get((county, code), DEFAULT_PER_QUARTER)
            for index, start, end in quarters(today):
                if end < start:
                    continue
                p = rate(county, code, index)
                failing = set(rng.sample(range(n), round(p * n)))
                for k in range(n):
                    fails = k in failing if (county, code, index) in exact else rng.random() < p
                    firm_id, region_id = rng.choice(county_firms)
                    day = start + timedelta(days=rng.randint(0, (end - start).days))
                    objs.append(
                        Sample(
                            sample_number=f"{MARK}{county}{code}{index}{k:03d}",
                            plan=plans[day.year],
                            enterprise_id=firm_id,
                            region_id=region_id,
                            product=product,
                            sampled_on=day,
                            tested_on=day + timedelta(days=rng.randint(7, 13)),
                            verdict=Verdict.FAIL if fails else Verdict.PASS,
                        )
                    )
    return objs


def closed_follow_ups(samples, today: date) -> list:
    """The older failures were followed up and closed (rectified and re-inspected); those
    of the last 90 days are still to be followed up, as the signal asks."""
    objs = []
    for s in samples:  # the failed ones, a few hundred
        if s.verdict == Verdict.FAIL and s.tested_on <= today - timedelta(days=90):
            objs.append(
                FollowUp(
                    sample_id=s.pk,
                    state=FollowUpState.CLOSED,
                    notified_on=s.tested_on,
                    objection_due_on=s.tested_on + timedelta(days=15),
                    rectification_ordered_on=s.tested_on + timedelta(days=16),
                    closed_on=s.tested_on + timedelta(days=75),
                )
            )
    return objs


def base_rate(county: str, code: str, index: int) -> float:
    return BASE_RATES[code]


def plant_problem(rate, today: date):
    """The planted problem: 0401 in 武进区 fails at three times its rate (exactly) for the
    last two quarters. Returns the rate function and the planted cells."""
    last = period_of(today, "quarter")
    cells = {(PLANTED_COUNTY, PLANTED_PRODUCT, last - k) for k in range(PLANTED_QUARTERS)}

    def planted(county: str, code: str, index: int) -> float:
        p = rate(county, code, index)
        return min(PLANTED_FACTOR * p, 1.0) if (county, code, index) in cells else p

    return planted, cells


def planted_complaints(*, rng, today, firms, products, bureau) -> list:
    """The safety complaints of `CLUSTERS` in the latest quarter (e-bike batteries catching
    fire while charging in 武进区; children's bicycles pinching fingers in 新北区)."""
    from zhiliang.complaints.models import Complaint
    from zhiliang.complaints.services import _derive, _personal
    from zhiliang.demo.synthetic import person_name

    start = period_bounds(period_of(today, "quarter"), "quarter")[0]
    objs = []
    clusters = [c for c in CLUSTERS if c[0] in firms and c[1] in products]
    for (county, code, name, text), k in (
        (c, k) for c in clusters for k in range(PLANTED_COMPLAINTS)
    ):
        firm_id, region_id = rng.choice(firms[county])
        day = start + timedelta(days=rng.randint(0, max((today - start).days - 1, 0)))
        complaint = Complaint(
            **_personal(
                {
                    "number": f"{MARK}{county}{day:%Y%m%d}{k:03d}",
                    "received_on": day,
                    "channel": "12315_hotline",
                    "complainant_name": person_name(rng),
                    "complainant_phone": f"139{rng.randrange(10**8):08d}",
                    "product_name": name,
                    "product": products[code],
                    "enterprise_id": firm_id,
                    "region_id": region_id,
                    "category": "safety",
                    "description": text,
                    "handling_unit_id": bureau,
                }
            )
        )
        _derive(complaint)
        objs.append(complaint)
    return objs


# Items entered by the office: foreign notifications and reports about the same family
# (what a clerk would find on Safety Gate, CPSC or in the news), one per district.
REPORTS = (
    ("foreign", "A12/01234/26", "0402", "fire", "320412",
     "欧盟Safety Gate通报：电动自行车锂电池组充电时热失控，存在起火风险。"),
    ("foreign", "CPSC-26-118", "0403", "electric", "320411",
     "美国CPSC召回：电动自行车充电器绝缘不足，存在电击风险。"),
    ("media", "", "0401", "injury", "320412", "本地媒体报道：电动自行车制动失效导致骑行者摔伤。"),
    ("media", "", "0404", "mechanical", "320411", "市民反映：儿童自行车链条防护罩缺失，夹伤手指。"),
)  # fmt: skip


def office_reports(today: date, products: dict) -> list:
    from zhiliang.risk.models import RiskInformation

    regions = dict(
        Region.objects.filter(code__in={r[4] for r in REPORTS}).values_list("code", "id")
    )
    return [
        RiskInformation(
            source_kind=kind,
            reference=ref,
            product=products[code],
            hazard=hazard,
            region_id=regions[region],
            occurred_on=today - timedelta(days=20 + 9 * k),
            text=text,
        )
        for k, (kind, ref, code, hazard, region, text) in enumerate(REPORTS)
        if region in regions
    ]


def _firms() -> dict[str, list[tuple[int, int]]]:
    rows = (
        Enterprise.objects.in_region(CITY)
        .filter(status__in=IN_BUSINESS)
        .order_by("id")
        .values_list("id", "region_id", "region__code")
    )
    out: dict[str, list] = {}
    for pk, region_id, code in rows:
        out.setdefault(code[:6], []).append((pk, region_id))
    return out


def demo_risk_step(*, seed: int) -> str:
    from zhiliang.complaints.models import Complaint
    from zhiliang.risk import services
    from zhiliang.risk.refresh import calibration_refresh, signals_refresh
    from zhiliang.risk.selectors import open_signals

    if Sample.objects.filter(sample_number__startswith=MARK).exists():
        return _("risk: already loaded")
    rng = random.Random(seed * 7919 + 16)
    today = timezone.localdate()
    firms = _firms()
    city = Region.objects.get(code=CITY)
    bureau = (
        Organization.objects.filter(region=city, regulates_market=True).order_by("id").first()
        or Organization.objects.filter(region=city).order_by("id").first()
    )
    if not firms or bureau is None:
        return _("risk: no enterprises to sample")
    products = {p.code: p for p in Product.objects.filter(code__in=BASE_RATES)}
    with transaction.atomic():
        years = sorted({start.year for _i, start, _e in quarters(today)} | {today.year})
        plans = {
            year: SamplingPlan.objects.create(
                name=_("%(city)s %(year)s e-bike family special supervision sampling")
                % {"city": city.name, "year": year},
                level=PlanLevel.CITY,
                year=year,
                authority=bureau,
                region=city,
            )
            for year in years
        }
        rate, planted = plant_problem(base_rate, today)
        samples = monitoring_samples(
            rng=rng,
            today=today,
            firms=firms,
            plans=plans,
            products=products,
            rate=rate,
            exact=planted,
        )
        bulk_create_with_history(samples, Sample, batch_size=2000, default_change_reason="demo")
        bulk_create_with_history(
            closed_follow_ups(samples, today), FollowUp, default_change_reason="demo"
        )
        complaints = planted_complaints(
            rng=rng, today=today, firms=firms, products=products, bureau=bureau.pk
        )
        bulk_create_with_history(complaints, Complaint, default_change_reason="demo")
        from zhiliang.risk.models import RiskInformation

        bulk_create_with_history(
            office_reports(today, products), RiskInformation, default_change_reason="demo"
        )
        fed = services.risk_information_feed_sampling()
        signals_refresh(today=today)
        calibration_refresh(today=today)
    return _(
        "risk: %(s)s monitoring samples, %(c)s planted complaints, %(f)s items of risk "
        "information, %(o)s open signals"
    ) % {
        "s": f"{len(samples):,}",
        "c": len(complaints),
        "f": f"{fed:,}",
        "o": f"{open_signals().count():,}",
    }
