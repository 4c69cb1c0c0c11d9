"""Demo complaints for 常州市: a modest, deterministic set of 12315-style work orders.

About one enterprise in twelve has complaints (one to three), the likelier the higher its
hidden propensity in the demo (`zhiliang.demo.propensity`), a tenth of the complaints name
no enterprise; older ones are closed with an outcome, recent ones are being handled or just
received, and a few are past their deadline. Personal data is synthetic and stored
encrypted like real data. Deterministic for a seed; a second run adds nothing.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.complaints import rules
from zhiliang.complaints.choices import ComplaintOutcome as O
from zhiliang.complaints.choices import ComplaintStatus as S
from zhiliang.complaints.models import Complaint
from zhiliang.complaints.services import _derive, _personal
from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Organization
from zhiliang.core.models.regions import subtree_ids
from zhiliang.demo.propensity import chance, propensity
from zhiliang.demo.synthetic import person_name
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise

CITY = "3204"
MARK = "D"  # demo complaint numbers start with it
SHARE = 1 / 12
# (category, products, what the complainant says)
ISSUES = (
    (
        "quality",
        ("电热水壶", "电动自行车", "羽绒服", "电线电缆"),
        "使用不久即出现质量问题，要求退换。",
    ),
    ("labelling", ("食用植物油", "儿童服装", "化妆品"), "标签标注的成分与实际不符。"),
    ("safety", ("手机充电器", "燃气灶", "儿童玩具"), "使用中发热冒烟，存在安全隐患。"),
    ("counterfeit", ("汽车轮胎", "白酒"), "怀疑购买到假冒产品。"),
    ("measurement", ("加油机", "电子秤"), "计量不足，怀疑计量器具不准。"),
    ("after_sales", ("空调", "洗衣机"), "维修拖延，售后服务不到位。"),
)
CHANNELS = (
    ("12315_hotline",) * 5 + ("12315_platform",) * 4 + ("12345", "letter", "visit", "referral")
)
OUTCOMES = (O.JUSTIFIED,) * 3 + (O.UNJUSTIFIED,) * 3 + (O.MEDIATED,) * 3 + (O.WITHDRAWN,)


def _bureaus() -> dict[str, int]:
    """County code → its market supervision bureau (the handling unit)."""
    rows = Organization.objects.filter(
        region__id__range=subtree_ids(CITY),
        kind=OrganizationKind.DEPARTMENT,
        name__endswith="市场监督管理局",
    ).values_list("region__code", "id")
    return {code: pk for code, pk in rows}


def _complaint(rng, n, enterprise, bureaus, today) -> Complaint | None:
    enterprise_id, region_id, region_code = enterprise
    bureau = bureaus.get(region_code[:6]) or bureaus.get(CITY)
    if bureau is None:
        return None
    category, products, text = rng.choice(ISSUES)
    received = today - timedelta(days=int(400 * rng.random() ** 1.4) + 1)
    data = {
        "number": f"{MARK}{region_code[:6]}{received:%Y%m%d}{n:04d}",
        "received_on": received,
        "channel": rng.choice(CHANNELS),
        "complainant_name": person_name(rng),
        "complainant_phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
        "product_name": rng.choice(products),
        "category": category,
        "description": text,
        "handling_unit_id": bureau,
        "region_id": region_id,
        # A tenth name no enterprise: the complainant could not tell the maker.
        "enterprise_id": enterprise_id if rng.random() > 0.1 else None,
    }
    age = (today - received).days
    accept = rules.accept_due(received)
    if age > 70 or (age > 20 and rng.random() < 0.7):
        data["status"] = S.CLOSED
        data["outcome"] = rng.choice(OUTCOMES)
        if data["outcome"] != O.WITHDRAWN or rng.random() < 0.5:
            data["accepted_on"] = min(received + timedelta(days=rng.randint(1, 6)), today)
        data["closed_on"] = min(received + timedelta(days=rng.randint(8, 60)), today)
    elif age > 3 and rng.random() < 0.8:
        data["status"] = S.HANDLING
        data["accepted_on"] = min(received + timedelta(days=rng.randint(1, 6)), accept, today)
    complaint = Complaint(**_personal(data))
    _derive(complaint)
    return complaint


def demo_complaints_step(*, seed: int) -> str:
    if Complaint.objects.in_region(CITY).exists():
        return _("complaints: already loaded")
    rng = random.Random(seed * 6007 + 15)
    today = timezone.localdate()
    enterprises = list(
        Enterprise.objects.in_region(CITY)
        .filter(status__in=IN_BUSINESS)
        .order_by("id")
        .values_list("id", "region_id", "region__code", "uscc")
    )
    bureaus = _bureaus()
    objs = []
    for *enterprise, uscc in enterprises:
        if rng.random() >= chance(SHARE, propensity(seed, uscc)):
            continue
        for _i in range(rng.choice((1, 1, 1, 2, 2, 3))):
            complaint = _complaint(rng, len(objs) + 1, enterprise, bureaus, today)
            if complaint is not None:
                objs.append(complaint)
    with transaction.atomic():
        bulk_create_with_history(objs, Complaint, batch_size=2000, default_change_reason="demo")
    return _("complaints: %(n)s work orders") % {"n": f"{len(objs):,}"}
