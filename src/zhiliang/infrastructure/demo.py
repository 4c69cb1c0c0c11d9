"""Demo quality infrastructure for 常州市, deterministic: testing bodies (a national centre
and county labs in 武进区 and 新北区, one with an expired qualification) with their scope,
TBT notifications matched to the enterprises, comments, and chief quality officers carried
over from the enterprise register with appointments and training records."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Organization, Region
from zhiliang.core.models.regions import subtree_ids
from zhiliang.enterprises.models import Enterprise
from zhiliang.infrastructure import rules
from zhiliang.infrastructure.models import (
    Appointment,
    Comment,
    Laboratory,
    Notice,
    ScopeItem,
    Training,
)
from zhiliang.infrastructure.services import notice_match
from zhiliang.infrastructure.services.officers import officers_carry_over

CITY = "3204"
# (region, name, level, CNAS, parameters, issued years ago, expired)
BODIES = (
    ("320412", "国家电动自行车产品质量检验检测中心（江苏）", "national_centre", "CNAS L5120",
     860, 2, False),
    ("320412", "常州市武进区产品质量监督检验所", "county", "", 240, 3, False),
    ("320411", "常州市新北区检验检测中心", "county", "CNAS L6734", 310, 4, False),
    ("320411", "常州市新北区纺织品检测站", "other", "", 60, 7, True),
)  # fmt: skip
SCOPE = (
    ("电动自行车", "整车质量", "GB 17761-2018"), ("电动自行车", "最高车速", "GB 17761-2018"),
    ("电热水壶", "泄漏电流", "GB 4706.1-2005"), ("塑胶玩具", "邻苯二甲酸酯", "GB 6675.1-2014"),
    ("床上用品", "甲醛含量", "GB 18401-2010"),
)  # fmt: skip
# (region, number, member, title, products, HS codes, days ago notified, comment days)
NOTICES = (
    ("3204", "G/TBT/N/EU/1071", "欧盟", "电池与废电池法规修订", "电动自行车用蓄电池、电动自行车",
     ["8507", "8711"], 40, 60),
    ("320412", "G/TBT/N/USA/2105", "美国", "儿童玩具安全标准 ASTM F963 引用更新",
     "塑胶玩具、电玩具", ["9503"], 20, 60),
    ("320411", "G/TBT/N/JPN/812", "日本", "电气用品安全法技术基准修订",
     "电热水器、电吹风机、电热水壶", ["8516"], 15, 60),
    ("320411", "G/TBT/N/KOR/1203", "韩国", "家具甲醛释放限量", "木制家具、软体家具（床垫、沙发）",
     ["9401", "9403"], 120, 60),
    ("320412", "G/TBT/N/SAU/1290", "沙特阿拉伯", "家用制冷器具能效要求", "电冰箱",
     ["8418"], 150, 60),
)  # fmt: skip


def _bodies(today) -> list[Laboratory]:
    labs = []
    for n, (code, name, level, cnas, params, years, expired) in enumerate(BODIES, start=1):
        region = Region.objects.get(code=code)
        org, _made = Organization.objects.get_or_create(
            region=region, name=name, defaults={"kind": OrganizationKind.INSPECTION_BODY}
        )
        issued = today - timedelta(days=365 * years + 30)
        until = rules.add_years(issued, rules.validity_years()) - timedelta(days=1)
        if expired:
            until = today - timedelta(days=45)
        labs.append(Laboratory(
            organization=org, region=region, level=level, cma_number=f"{issued:%y}1012{n:06d}",
            cma_issued_on=issued, cma_valid_until=until, cnas_number=cnas,
            cnas_valid_until=until if cnas else None, parameter_count=params,
        ))  # fmt: skip
    for n, org in enumerate(
        Organization.objects.filter(
            kind=OrganizationKind.INSPECTION_BODY, region__code=CITY, laboratory__isnull=True
        ),
        start=len(labs) + 1,
    ):
        issued = today - timedelta(days=400)
        labs.append(Laboratory(
            organization=org, region=org.region, level="provincial_centre",
            cma_number=f"{issued:%y}1001{n:06d}", cma_issued_on=issued,
            cma_valid_until=rules.add_years(issued, 6) - timedelta(days=1),
            cnas_number=f"CNAS L{4000 + n}", cnas_valid_until=today + timedelta(days=900),
            parameter_count=1450,
        ))  # fmt: skip
    return labs


def _officers(today) -> int:
    """Appointments with position and phone and a certified course for enterprises of both
    districts that had no CQO in the register; the rest carried over from it."""
    made = officers_carry_over()
    out, courses = [], []
    for code in ("320412", "320411"):
        firms = Enterprise.objects.in_region(code).filter(chief_quality_officer="")
        for i, firm in enumerate(firms.order_by("id")[:12]):
            a = Appointment(
                enterprise=firm, region_id=firm.region_id, person=f"{'王李张刘陈'[i % 5]}质量{i}",
                position="副总经理", phone=f"1390519{i:04d}",
                appointed_on=today - timedelta(days=300 + 20 * i),
            )  # fmt: skip
            out.append(a)
            if i % 3 != 2:
                courses.append(
                    (a, today - timedelta(days=100 + 10 * i), f"JSCQO{today.year}{i:04d}")
                )
    bulk_create_with_history(out, Appointment, default_change_reason="demo")
    trainings = [
        Training(appointment=a, enterprise_id=a.enterprise_id, region_id=a.region_id,
                 course="江苏省首席质量官任职培训", trained_on=day, hours=32, certificate_number=no)
        for a, day, no in courses
    ]  # fmt: skip
    bulk_create_with_history(trainings, Training, default_change_reason="demo")
    for a in out:
        last = max((d for x, d, _n in courses if x is a), default=None)
        Enterprise.objects.filter(pk=a.enterprise_id).update(
            chief_quality_officer=a.person, cqo_trained_on=last
        )
    return made + len(out)


def _comments(today) -> list[Comment]:
    """In each district, a comment on an open notification it sees: from an enterprise
    matched to it, or else from the district's market regulation bureau."""
    out = []
    for code in ("320412", "320411"):
        above = [code[:4], code]
        notices = Notice.objects.filter(region__code__in=above, comment_deadline__gte=today)
        for notice in notices.order_by("number"):
            match = (
                notice.matches.filter(region__id__range=subtree_ids(code)).order_by("id").first()
            )
            bureau = Organization.objects.filter(
                region__code=code, kind=OrganizationKind.DEPARTMENT, name__endswith="市场监督管理局"
            ).first()
            if match is None and bureau is None:
                continue
            out.append(Comment(
                notice=notice, enterprise_id=match.enterprise_id if match else None,
                department=None if match else bureau,
                region_id=match.region_id if match else bureau.region_id,
                commented_on=today - timedelta(days=3),
                text="建议给予不少于6个月的过渡期，并明确检测方法标准。",
            ))  # fmt: skip
    return out


def demo_infrastructure_step(*, seed: int) -> str:
    if Laboratory.objects.filter(region__id__range=subtree_ids(CITY)).exists():
        return _("quality infrastructure: already loaded")
    if not Region.objects.filter(code="320412").exists():
        return _("quality infrastructure: no 常州市 regions")
    today = timezone.localdate()
    with transaction.atomic():
        labs = _bodies(today)
        bulk_create_with_history(labs, Laboratory, default_change_reason="demo")
        scope = [
            ScopeItem(laboratory=lab, region_id=lab.region_id, product=p, parameter=q, method=m)
            for lab in labs for p, q, m in SCOPE
        ]  # fmt: skip
        bulk_create_with_history(scope, ScopeItem, default_change_reason="demo")
        notices = []
        for code, number, member, title, products, hs, ago, days in NOTICES:
            notified = today - timedelta(days=ago)
            notices.append(Notice(
                region=Region.objects.get(code=code), number=number, member=member, title=title,
                products=products, hs_codes=hs, objective="保护消费者健康与安全",
                notified_on=notified, comment_deadline=notified + timedelta(days=days),
            ))  # fmt: skip
        bulk_create_with_history(notices, Notice, default_change_reason="demo")
        matched = 0
        for notice in Notice.objects.filter(region__id__range=subtree_ids(CITY)).select_related(
            "region"
        ):
            matched += notice_match(notice=notice)
        comments = _comments(today)
        bulk_create_with_history(comments, Comment, default_change_reason="demo")
        officers = _officers(today)
    return _(
        "quality infrastructure: %(l)s testing bodies, %(n)s TBT notifications (%(m)s matches), "
        "%(o)s chief quality officers"
    ) % {"l": len(labs), "n": len(notices), "m": matched, "o": officers}
