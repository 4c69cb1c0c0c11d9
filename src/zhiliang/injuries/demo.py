"""Demo injury surveillance for 常州市: thirteen sentinel hospitals and a year of cases.

The hospitals, their frame and their weights are synthetic (a sampling frame of 常州市's
hospitals with an emergency department is not published): weight = N_h / n_h of the frame
below. Cases follow each hospital's size; the product shares, ages and injuries are chosen
for the demo (synthetic, not surveillance figures). Planted: in the last two quarters of the data,
电动自行车 (0401) injuries at 武进区's (320412) hospitals run at three times their base
rate — the cluster the risk signals are to find, in the quarters of the planted failure
rise. Deterministic for a seed; a second run adds nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.models import Region
from zhiliang.enterprises.models import Product
from zhiliang.injuries.models import SentinelHospital
from zhiliang.injuries.services import cases_bulk_create

CITY = "3204"
CLUSTER_COUNTY, CLUSTER_PRODUCT, CLUSTER_FACTOR = "320412", "0401", 3
# stratum → (hospitals in the synthetic frame N_h, cases a hospital sees in a year)
FRAME = {"grade3": (12, 600), "grade2": (30, 300), "grade1": (90, 120), "children": (2, 300)}
HOSPITALS = (  # code, county, stratum, name
    ("CZ-H01", "320402", "grade3", "天宁区第一哨点医院"),
    ("CZ-H02", "320404", "grade3", "钟楼区第一哨点医院"),
    ("CZ-H03", "320412", "grade3", "武进区第一哨点医院"),
    ("CZ-H04", "320411", "grade2", "新北区第二哨点医院"),
    ("CZ-H05", "320412", "grade2", "武进区第二哨点医院"),
    ("CZ-H06", "320413", "grade2", "金坛区第二哨点医院"),
    ("CZ-H07", "320481", "grade2", "溧阳市第二哨点医院"),
    ("CZ-H08", "320412", "grade1", "武进区社区哨点卫生服务中心"),
    ("CZ-H09", "320411", "grade1", "新北区社区哨点卫生服务中心"),
    ("CZ-H10", "320402", "grade1", "天宁区社区哨点卫生服务中心"),
    ("CZ-H11", "320481", "grade1", "溧阳市社区哨点卫生服务中心"),
    ("CZ-H12", "320404", "children", "钟楼区儿童哨点医院"),
    ("CZ-H13", "320411", "children", "新北区儿童哨点医院"),
)
# product → (share of cases, ages, (body part, diagnosis, place) typical, narrative)
PRODUCTS = {
    "0401": (22, (16, 75), ("lower_limb", "fracture", "road"), "骑电动自行车时摔倒受伤。"),
    "0404": (10, (8, 70), ("upper_limb", "contusion", "road"), "骑自行车时摔倒擦伤。"),
    "0107": (8, (1, 80), ("hand", "burn", "home"), "电热水壶倾倒，被开水烫伤。"),
    "0118": (5, (25, 80), ("face", "burn", "home"), "燃气灶点火时火焰外窜灼伤。"),
    "0120": (4, (3, 70), ("hand", "electric_shock", "home"), "触碰插座时触电。"),
    "0403": (4, (18, 70), ("hand", "burn", "home"), "电动自行车充电器过热起火，手部烧伤。"),
    "0201": (10, (1, 85), ("head", "contusion", "home"), "撞到家具边角受伤。"),
    "0501": (7, (1, 10), ("face", "open_wound", "home"), "玩具零件划伤面部。"),
    "0503": (6, (0, 6), ("head", "contusion", "public_residence"), "童车翻倒，儿童头部着地。"),
    "0507": (5, (1, 12), ("head", "contusion", "home"), "儿童家具翻倒砸伤。"),
    "0406": (3, (18, 65), ("head", "brain_injury", "road"), "头盔破裂，事故中头部受伤。"),
    "0102": (3, (20, 80), ("trunk", "burn", "home"), "热水器出水温度骤升烫伤。"),
}
DISPOSITIONS = ("released",) * 14 + ("observed",) * 2 + ("admitted",) * 3 + ("transferred",)
OTHER = {
    "body_part": ("head", "upper_limb", "lower_limb", "hand", "trunk", "multiple"),
    "diagnosis": ("contusion", "open_wound", "sprain", "fracture"),
}


def _hospitals(today) -> list[SentinelHospital]:
    regions = dict(
        Region.objects.filter(code__in={h[1] for h in HOSPITALS}).values_list("code", "id")
    )
    sampled = {s: sum(1 for h in HOSPITALS if h[2] == s) for s in FRAME}
    joined = today - timedelta(days=400)
    out = []
    for code, county, stratum, name in HOSPITALS:
        if county not in regions:
            continue
        weight = Decimal(FRAME[stratum][0]) / sampled[stratum]
        out.append(
            SentinelHospital(
                code=code,
                name=name,
                region_id=regions[county],
                stratum=stratum,
                weight=weight.quantize(Decimal("0.0001")),
                joined_on=joined,
            )  # fmt: skip
        )
    return out


def _case(rng, hospital, n, day, product) -> dict:
    share, (lo, hi), (part, diagnosis, place), text = PRODUCTS[product]
    if hospital.stratum == "children":
        lo, hi = lo, min(hi, 14)
    codes = [product]
    if rng.random() < 0.08:  # a second product involved
        other = rng.choice(list(PRODUCTS))
        if other != product:
            codes.append(other)
    typical = rng.random() < 0.7
    return {
        "hospital_id": hospital.pk,
        "case_number": f"{hospital.code}-{day:%Y%m%d}-{n:05d}",
        "treated_on": day,
        "age": rng.randint(lo, max(lo, hi)),
        "sex": rng.choice("MMF" if product in ("0401", "0404", "0406") else "MF"),
        "body_part": part if typical else rng.choice(OTHER["body_part"]),
        "diagnosis": diagnosis if typical else rng.choice(OTHER["diagnosis"]),
        "disposition": rng.choice(DISPOSITIONS),
        "place": place if rng.random() < 0.85 else "other",
        "product_codes": codes,
        "narrative": text,
    }


def planted_from(today: date) -> date:
    """The first day of the quarter before today's: the cluster runs over the same two
    quarters as the planted failure rise of the risk demo (`risk.demo.plant_problem`), so
    that the signals see the failures and the injuries together."""
    year, month = today.year, 3 * ((today.month - 1) // 3) + 1 - 3
    return date(year, month, 1) if month >= 1 else date(year - 1, month + 12, 1)


def demo_injuries_step(*, seed: int) -> str:
    if SentinelHospital.objects.in_region(CITY).exists():
        return _("injury surveillance: already loaded")
    known = set(Product.objects.filter(code__in=list(PRODUCTS)).values_list("code", flat=True))
    products = [p for p in PRODUCTS if p in known]
    if not products:
        return _("injury surveillance: the product catalogue is not loaded")
    rng = random.Random(seed * 7919 + 16)
    today = timezone.localdate()
    shares = [PRODUCTS[p][0] for p in products]
    start = today - timedelta(days=364)
    cluster_from = planted_from(today)
    rows = []
    with transaction.atomic():
        hospitals = _hospitals(today)
        for hospital in hospitals:
            hospital.save()
        for hospital in hospitals:
            yearly = FRAME[hospital.stratum][1]
            # A children's hospital sees the products children are hurt by.
            seen = [
                p for p in products if hospital.stratum != "children" or PRODUCTS[p][1][0] <= 10
            ]
            weights = [PRODUCTS[p][0] for p in seen]
            in_cluster = hospital.region.code == CLUSTER_COUNTY
            for _i in range(int(yearly * (0.8 + 0.4 * rng.random()))):
                day = start + timedelta(days=rng.randrange(365))
                product = rng.choices(seen, weights)[0]
                rows.append(_case(rng, hospital, len(rows) + 1, day, product))
            if in_cluster and CLUSTER_PRODUCT in products and hospital.stratum != "children":
                # Two more times the base rate of 0401 over the last two quarters.
                days = (today - cluster_from).days + 1
                base = yearly * PRODUCTS[CLUSTER_PRODUCT][0] / sum(shares) * days / 365
                for _i in range(int(base * (CLUSTER_FACTOR - 1))):
                    day = cluster_from + timedelta(
                        days=rng.randrange((today - cluster_from).days + 1)
                    )
                    rows.append(_case(rng, hospital, len(rows) + 1, day, CLUSTER_PRODUCT))
        cases_bulk_create(actor=None, rows=rows, check_rights=False, reason="demo")
    return _("injury surveillance: %(h)s sentinel hospitals, %(n)s cases") % {
        "h": len(hospitals),
        "n": f"{len(rows):,}",
    }
