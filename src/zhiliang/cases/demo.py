"""Demo cases of 常州市 in every state, some overdue: accidents (special equipment and other
quality accidents) recorded by each district's bureau, and violation cases the city's bureau
listed for supervision (挂牌督办) with the districts' bureaus. Times are relative to now, so
the timer page always has clocks running, due soon and late. A second run adds nothing."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.clocks import clocks_compute, escalations_raise
from zhiliang.cases.models import Case, Interview, Step
from zhiliang.core.models import Organization
from zhiliang.core.models.regions import subtree_ids
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise
from zhiliang.equipment.models import EquipmentUnit
from zhiliang.penalties.models import Penalty
from zhiliang.penalties.services import derive_window

CITY = "3204"
H, D = timedelta(hours=1), timedelta(days=1)
# (title, deaths, injuries, loss, hours since it happened, minutes to the unit's report,
#  [(stage, hours since)], equipment?)
ACCIDENTS = (
    ("电梯困人致乘客受伤", 0, 1, 20000, 1.2, 25, [], True),
    (
        "压力容器爆炸",
        3,
        6,
        4200000,
        24 * 70,
        50,
        [("escalated", 24 * 70 - 2), ("investigating", 24 * 69)],
        True,
    ),
    (
        "起重机械倒塌",
        1,
        2,
        800000,
        24 * 80,
        95,
        [("escalated", 24 * 80 - 3), ("investigating", 24 * 79), ("report_submitted", 24 * 20)],
        True,
    ),
    (
        "燃气灶具爆燃致人受伤",
        0,
        2,
        60000,
        24 * 150,
        40,
        [
            ("escalated", 24 * 150 - 2),
            ("investigating", 24 * 149),
            ("report_submitted", 24 * 95),
            ("approved", 24 * 85),
            ("closed", 24 * 80),
        ],
        False,
    ),
)
# (title, violation, days since found, deadline in days from now, [(stage, days since)])
SUPERVISED = (
    ("生产销售不合格电线电缆案", "生产不符合国家标准的电线电缆", 30, 60, []),
    (
        "无证生产危险化学品包装物案",
        "未取得生产许可证擅自生产列入目录的产品",
        80,
        20,
        [("filed", 78), ("investigating", 70)],
    ),
    (
        "特种设备未经检验继续使用案",
        "特种设备未经定期检验继续使用",
        140,
        -5,
        [("filed", 138), ("investigating", 130)],
    ),
    (
        "以不合格产品冒充合格产品案",
        "在产品中掺杂、掺假，以不合格产品冒充合格产品",
        120,
        30,
        [("filed", 118), ("investigating", 110), ("decided", 40), ("executing", 20)],
    ),
    (
        "使用未经检定计量器具案",
        "使用未经检定的强制检定计量器具",
        200,
        -30,
        [
            ("filed", 198),
            ("investigating", 190),
            ("decided", 100),
            ("executing", 90),
            ("closed", 60),
        ],
    ),
)


def _bureaus() -> dict[str, Organization]:
    rows = Organization.objects.filter(regulates_market=True, region__id__range=subtree_ids(CITY))
    return {o.region.code: o for o in rows.select_related("region")}


def _steps(case, steps, now, unit):
    for code, ago in steps:
        Step.objects.create(case=case, code=code, at=now - ago * unit, note="")
        case.stage = code
        if rules.is_final(case.kind, code):
            case.closed_at = now - ago * unit


def _accidents(rng, county, bureau, now) -> int:
    firms = list(Enterprise.objects.in_region(county).filter(status__in=IN_BUSINESS)[:40])
    units = list(EquipmentUnit.objects.in_region(county).select_related("enterprise")[:20])
    made = 0
    for i, (title, deaths, injuries, loss, ago, report, steps, equipment) in enumerate(ACCIDENTS):
        unit = rng.choice(units) if equipment and units else None
        firm = unit.enterprise if unit else (rng.choice(firms) if firms else None)
        if firm is None:
            continue
        opened = now - ago * H
        case = Case(
            kind=CaseKind.ACCIDENT,
            number=f"SG{county}-{i + 1:03d}",
            title=title,
            region=unit.region if unit else firm.region,
            office=bureau,
            listing_office=bureau,
            enterprise=firm,
            equipment_unit=unit,
            stage="reported",
            opened_at=opened,
            place=firm.name,
            deaths=deaths,
            injuries=injuries,
            direct_loss=Decimal(loss),
            grade=rules.grade_of(deaths=deaths, injuries=injuries, loss=loss),
            description="事故单位电话报告，现场已封闭。",
        )
        case.save()
        Step.objects.create(case=case, code="reported", at=opened + timedelta(minutes=report))
        _steps(case, steps, now, H)
        case.save()
        clocks_compute(case)
        made += 1
    return made


def _supervised(rng, county, bureau, city_bureau, now) -> int:
    firms = list(Enterprise.objects.in_region(county).filter(status__in=IN_BUSINESS)[:40])
    made = 0
    for i, (title, violation, ago, due_in, steps) in enumerate(SUPERVISED):
        if not firms:
            break
        firm = rng.choice(firms)
        found = now - ago * D
        case = Case(
            kind=CaseKind.SUPERVISED,
            number=f"常市监督〔{found.year}〕{county[-2:]}{i + 1:02d}号",
            title=title,
            region=bureau.region,
            office=bureau,
            listing_office=city_bureau,
            enterprise=firm,
            stage="listed",
            opened_at=found,
            violation=violation,
            due_on=(now + due_in * D).date(),
            description="市局挂牌督办，限期办结并报送进展。",
        )
        case.save()
        Step.objects.create(case=case, code="listed", at=found + 2 * D)
        _steps(case, steps, now, D)
        decided = dict(steps).get("decided")
        if decided is not None:
            penalty = Penalty(
                enterprise=firm,
                decision_number=f"常{county[-2:]}市监罚〔督{found.year}〕{i + 1}号",
                enforcing_body=bureau,
                violation=violation,
                kind="fine",
                legal_basis="《中华人民共和国产品质量法》第四十九条",
                fine_amount=Decimal(rng.choice((50, 100, 200)) * 1000),
                decided_on=(now - decided * D).date(),
            )
            derive_window(penalty)
            penalty.save()
            case.penalty = penalty
        case.save()
        if i == 1:
            Interview.objects.create(
                case=case,
                held_on=(now - 40 * D).date(),
                attendees="企业法定代表人、质量负责人",
                issues="原料进货查验记录缺失",
                commitments="一个月内建立进货查验制度",
                follow_up_on=(now - 10 * D).date(),
            )
        if i == 3:
            Interview.objects.create(
                case=case,
                held_on=(now - 60 * D).date(),
                attendees="企业总经理",
                issues="出厂检验不全",
                commitments="补齐出厂检验设备",
                follow_up_on=(now - 30 * D).date(),
                checked_on=(now - 32 * D).date(),
                check_result="已整改到位",
            )
        clocks_compute(case)
        made += 1
    return made


def demo_cases_step(*, seed: int) -> str:
    if Case.objects.in_region(CITY).exists():
        return _("cases: already loaded")
    rng = random.Random(seed * 7919 + 17)
    bureaus = _bureaus()
    city_bureau = bureaus.get(CITY)
    counties = sorted(code for code in bureaus if len(code) == 6)
    if city_bureau is None or not counties:
        return _("cases: no 常州 bureaus")
    now = timezone.now().replace(microsecond=0)
    accidents = supervised = 0
    with transaction.atomic():
        for county in counties:
            accidents += _accidents(rng, county, bureaus[county], now)
            supervised += _supervised(rng, county, bureaus[county], city_bureau, now)
        notices = escalations_raise(now=now)
    return _("cases: %(a)s accidents, %(s)s supervised cases, %(n)s escalation notices") % {
        "a": accidents,
        "s": supervised,
        "n": notices,
    }
