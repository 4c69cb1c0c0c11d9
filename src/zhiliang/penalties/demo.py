"""Demo penalties and 经营异常名录 listings for 常州市's enterprises (the demo's city).

About 2 % of the enterprises of each county were penalised (at least six per county), by
their county's market regulation bureau, picked with weights by the demo's hidden
propensity (`zhiliang.demo.propensity`: the prone ones also fail samples and draw
complaints): mostly fines, some warnings, a few confiscations, suspensions and revoked
licences; every fifteenth decision was later overturned. About 1.5 % were listed as
abnormal (most for a late annual report), half of them since removed. Deterministic for a
seed; a second run adds nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.models import Organization
from zhiliang.core.models.regions import subtree_ids
from zhiliang.demo.propensity import propensity, weighted_sample
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise
from zhiliang.penalties.choices import PenaltyStatus
from zhiliang.penalties.models import AbnormalListing, Penalty
from zhiliang.penalties.services import derive_window

CITY = "3204"
# (kind, weight, legal basis)
KINDS = (
    ("fine", 55, "《中华人民共和国产品质量法》第五十条"),
    ("warning", 20, "《中华人民共和国计量法实施细则》第四十三条"),
    ("confiscation", 10, "《中华人民共和国产品质量法》第四十九条"),
    ("licence_suspension", 6, "《工业产品生产许可证管理条例》第四十五条"),
    ("suspension", 5, "《中华人民共和国产品质量法》第四十九条"),
    ("licence_revocation", 4, "《中华人民共和国特种设备安全法》第八十三条"),
)
VIOLATIONS = (
    "生产不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品",
    "在产品中掺杂、掺假，以不合格产品冒充合格产品",
    "使用未经检定的强制检定计量器具",
    "特种设备未经定期检验继续使用",
    "未取得生产许可证擅自生产列入目录的产品",
    "产品标识不符合规定",
)
# (reason, weight, legal basis, removal reason)
REASONS = (
    ("annual_report", 70, "《企业信息公示暂行条例》第八条", "已补报并公示年度报告"),
    ("unreachable", 20, "《企业经营异常名录管理暂行办法》第四条第（四）项", "已办理住所变更登记"),
    ("instant_info", 5, "《企业信息公示暂行条例》第十条", "已公示相关企业信息"),
    ("false_info", 5, "《企业经营异常名录管理暂行办法》第四条第（三）项", "已更正公示信息"),
)


def _bodies() -> dict[str, int]:
    """County (or city) code → its market regulation bureau's id."""
    rows = Organization.objects.filter(
        regulates_market=True, region__id__range=subtree_ids(CITY)
    ).values_list("region__code", "id")
    return {code: pk for code, pk in rows}


def _day_after(rng, start: date, today: date, years: int = 4) -> date:
    first = max(start, today - timedelta(days=365 * years))
    return first + timedelta(days=rng.randint(0, max((today - first).days, 0)))


def _by_county(enterprises) -> dict[str, list]:
    counties: dict[str, list] = {}
    for row in enterprises:
        counties.setdefault(row[1][:6], []).append(row)
    return counties


def _picked(rng, rows, n, seed, power=1.0) -> list:
    """`n` of a county's rows, weighted by propensity (to `power`): (id, code, established)."""
    weights = [propensity(seed, row[3]) ** power for row in rows]
    return [row[:3] for row in weighted_sample(rng, rows, weights, n)]


def _penalties(rng, enterprises, bodies, today, seed) -> list[Penalty]:
    out = []
    for county, rows in sorted(_by_county(enterprises).items()):
        body = bodies.get(county) or bodies.get(CITY)
        if body is None:
            continue
        n = min(len(rows), max(6, round(0.02 * len(rows))))
        for enterprise_id, _code, established in _picked(rng, rows, n, seed):
            kind, _w, basis = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
            decided = _day_after(rng, established or date(2000, 1, 1), today)
            fine = None
            if kind == "fine" or (kind != "warning" and rng.random() < 0.5):
                fine = Decimal(rng.choice((2, 5, 10, 20, 50, 100, 200)) * 1000)
            published = min(decided + timedelta(days=rng.randint(1, 25)), today)
            number = f"常{county[-2:]}市监罚〔{decided.year}〕{len(out) + 1}号"
            penalty = Penalty(
                enterprise_id=enterprise_id, decision_number=number, enforcing_body_id=body,
                violation=rng.choice(VIOLATIONS), legal_basis=basis, kind=kind,
                fine_amount=fine, decided_on=decided, published_on=published,
                confiscated_amount=Decimal(rng.randint(1, 80) * 1000)
                if kind == "confiscation" else None,
            )  # fmt: skip
            if len(out) % 15 == 7 and decided < today:
                penalty.status = PenaltyStatus.OVERTURNED
                penalty.status_changed_on = min(decided + timedelta(days=60), today)
                penalty.status_reason = "行政复议决定撤销"
            derive_window(penalty)
            out.append(penalty)
    return out


def _listings(rng, enterprises, bodies, today, seed) -> list[AbnormalListing]:
    out = []
    for county, rows in sorted(_by_county(enterprises).items()):
        body = bodies.get(county) or bodies.get(CITY)
        if body is None:
            continue
        n = min(len(rows), max(4, round(0.015 * len(rows))))
        # Less tied to quality than a penalty (a late annual report): half the weight's spread.
        for enterprise_id, _code, established in _picked(rng, rows, n, seed, power=0.5):
            reason, _w, basis, removal = rng.choices(REASONS, weights=[r[1] for r in REASONS])[0]
            listed = _day_after(rng, established or date(2000, 1, 1), today, years=3)
            listing = AbnormalListing(
                enterprise_id=enterprise_id, reason=reason, listed_on=listed,
                deciding_body_id=body, legal_basis=basis,
                decision_number=f"常{county[-2:]}市监异〔{listed.year}〕{len(out) + 1}号",
            )  # fmt: skip
            listed_for = (today - listed).days
            # Half of those listed for over a month have been removed since.
            if len(out) % 2 == 1 and listed_for > 30:
                listing.removed_on = listed + timedelta(days=rng.randint(30, min(400, listed_for)))
                listing.removal_reason = removal
            out.append(listing)
    return out


def demo_penalties_step(*, seed: int) -> str:
    rng = random.Random(seed * 104729 + 15)
    today = timezone.localdate()
    if Penalty.objects.in_region(CITY).exists():
        return _("penalties: already loaded")
    enterprises = list(
        Enterprise.objects.in_region(CITY)
        .filter(status__in=IN_BUSINESS)
        .order_by("id")
        .values_list("id", "region__code", "established_on", "uscc")
    )
    bodies = _bodies()
    if not enterprises or not bodies:
        return _("penalties: no 常州 enterprises or bureaus")
    with transaction.atomic():
        penalties = _penalties(rng, enterprises, bodies, today, seed)
        listings = _listings(rng, enterprises, bodies, today, seed)
        for model, rows in ((Penalty, penalties), (AbnormalListing, listings)):
            bulk_create_with_history(
                rows, model, batch_size=2000, default_change_reason="demo data"
            )
    return _("penalties: %(p)s penalties, %(l)s abnormal listings") % {
        "p": f"{len(penalties):,}",
        "l": f"{len(listings):,}",
    }
