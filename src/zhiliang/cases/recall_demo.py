"""Demo recalls of 常州市's districts, dated relative to now, one in every stage: one closed
with most units corrected after direct notice, one under way with a low correction rate
(press release only), one just decided whose recall plan is late, one whose notice is late,
one with its notice out, one whose summary is in after several progress periods. A second
run adds nothing."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases.choices import CaseKind
from zhiliang.cases.clocks import clocks_compute
from zhiliang.cases.demo import CITY, _bureaus, _steps
from zhiliang.cases.models import Case, Recall, RecallReport, Step
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise, EnterpriseProduct, Product

D = timedelta(days=1)
_CLOSED = [("plan_submitted", 200), ("notice_published", 198), ("implementing", 197)]
_CLOSED += [("summary_submitted", 20), ("closed", 10)]
# (title, defect, hazard, method, origin, units, days since decided, [(stage, days since)],
#  [(days since, units corrected so far)], summary)
RECALLS = (
    (
        "过热隐患召回",
        "部分批次产品电源模块保护失效，长时间使用可致过热起火",
        "fire",
        "direct",
        "defect_report",
        12000,
        210,
        _CLOSED,
        [(150, 5200), (90, 8900), (30, 10800)],
        "召回完成：直接通知购买者，已修理或更换约九成涉及产品。",
    ),
    (
        "结构件松脱召回",
        "部分批次产品紧固件强度不足，使用中可能松脱造成夹伤",
        "mechanical",
        "press",
        "investigation",
        8000,
        130,
        [("plan_submitted", 124), ("notice_published", 120), ("implementing", 118)],
        [(60, 350), (10, 610)],
        "",
    ),
    ("绝缘不足召回", "部分批次产品电气绝缘距离不足，存在触电风险", "electric", "retailer",
     "risk_warning", 3000, 12, [], [], ""),
    # Plan reported, the public notice late.
    ("标识缺失召回", "部分批次产品缺少警示标识，儿童可能误用", "injury", "website",
     "defect_report", 2000, 9, [("plan_submitted", 7)], [], ""),
    # Notice out, not yet under way.
    ("电池鼓包召回", "部分批次电池在高温下鼓包，存在起火风险", "fire", "mixed",
     "investigation", 5000, 25, [("plan_submitted", 22), ("notice_published", 20)], [], ""),
    # Summary in, awaiting the office's closing: several progress periods reported.
    ("涂层超标召回", "部分批次产品表面涂层重金属含量超标", "chemical", "direct",
     "risk_warning", 6000, 400,
     [("plan_submitted", 396), ("notice_published", 394), ("implementing", 393),
      ("summary_submitted", 5)],
     [(300, 2100), (210, 3900), (120, 5000), (30, 5600)],
     "召回完成：直接通知与经销商回收相结合，纠正率约九成。"),
)  # fmt: skip


def _product_of(firm):
    made = EnterpriseProduct.objects.filter(enterprise=firm).values_list("product", flat=True)
    return Product.objects.filter(pk__in=made[:1]).first() or (
        Product.objects.filter(parent__isnull=False).order_by("code").first()
    )


def _recalls(rng, county, bureau, now) -> int:
    firms = list(Enterprise.objects.in_region(county).filter(status__in=IN_BUSINESS)[:40])
    made = 0
    for i, row in enumerate(RECALLS):
        title, defect, hazard, method, origin, units, ago, steps, reports, summary = row
        if not firms:
            break
        firm = rng.choice(firms)
        product = _product_of(firm)
        units = units * rng.randint(5, 15) // 10
        reports = [(days, corrected * units // row[5]) for days, corrected in reports]
        decided = now - ago * D
        case = Case(
            kind=CaseKind.RECALL,
            number=f"ZH{county}-{i + 1:03d}",
            title=f"{product.name}{title}",
            region=firm.region,
            office=bureau,
            listing_office=bureau,
            enterprise=firm,
            product=product,
            stage="decided",
            opened_at=decided,
            description="企业主动召回。",
        )
        case.save()
        Step.objects.create(case=case, code="decided", at=decided)
        _steps(case, steps, now, D)
        if summary:
            case.steps.filter(code="summary_submitted").update(note=summary)
        case.save()
        recall = Recall.objects.create(
            case=case, origin=origin, defect=defect, hazard=hazard, method=method,
            batches="2025年1月至12月生产批次", units_affected=units,
            units_corrected=reports[-1][1] if reports else 0,
        )  # fmt: skip
        for days, corrected in reports:
            on = (now - days * D).date()
            RecallReport.objects.create(recall=recall, reported_on=on, units_corrected=corrected)
            Step.objects.create(case=case, code="progress", at=now - days * D)
        clocks_compute(case)
        made += 1
    return made


def demo_recalls_step(*, seed: int) -> str:
    if Case.objects.in_region(CITY).filter(kind=CaseKind.RECALL).exists():
        return _("recalls: already loaded")
    rng = random.Random(seed * 7907 + 29)
    bureaus = _bureaus()
    counties = sorted(code for code in bureaus if len(code) == 6)
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        made = sum(_recalls(rng, county, bureaus[county], now) for county in counties)
    return _("recalls: %(n)s product recalls") % {"n": made}
