"""Demo foreign recalls of products made in 常州市's districts: in each district one notice
whose match the office confirmed (a recall case opened from it in one district) and one
whose match is still proposed. The manufacturers are the districts' own enterprises, so the
matching finds them as it would a real notice. A second run adds nothing."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases.demo import CITY, _bureaus
from zhiliang.cases.foreign_models import ForeignRecall, MatchStatus
from zhiliang.cases.foreign_services import foreign_recall_match
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise, Product

# (source, reference stem, product, hazard, country, days ago, confirmed?)
NOTICES = (
    ("eu_safety_gate", "A12/0{n}47/26", "电热水壶：温控器失效，可能干烧起火", "fire", "德国",
     40, True),
    ("cpsc", "26-{n}12", "儿童自行车：前叉焊缝强度不足，可能断裂", "injury", "美国", 12, False),
)  # fmt: skip


def _notices(rng, county, bureau, now) -> int:
    firms = list(Enterprise.objects.in_region(county).filter(status__in=IN_BUSINESS)[:60])
    product = Product.objects.filter(parent__isnull=False).order_by("code").first()
    made = 0
    for i, (source, stem, text, hazard, country, ago, confirmed) in enumerate(NOTICES):
        if not firms:
            break
        firm = rng.choice(firms)
        notice = ForeignRecall.objects.create(
            source=source,
            reference=stem.format(n=f"{county[-2:]}{i}"),
            notified_on=(now - timedelta(days=ago)).date(),
            product_description=text,
            brand="",
            model=f"M-{rng.randint(100, 999)}",
            manufacturer=firm.name,
            country=country,
            hazard=hazard,
            hs_code="851671" if source == "eu_safety_gate" else "871200",
            product=product,
            region=bureau.region,
            office=bureau,
        )
        foreign_recall_match(recall=notice)
        if confirmed:
            notice.matches.filter(enterprise=firm).update(
                status=MatchStatus.CONFIRMED, decided_at=now - timedelta(days=ago - 2)
            )
        made += 1
    return made


def demo_foreign_step(*, seed: int) -> str:
    if ForeignRecall.objects.in_region(CITY).exists():
        return _("foreign recalls: already loaded")
    from zhiliang.risk.services import risk_information_feed_accidents

    rng = random.Random(seed * 7919 + 31)
    bureaus = _bureaus()
    counties = sorted(code for code in bureaus if len(code) == 6)
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        made = sum(_notices(rng, county, bureaus[county], now) for county in counties)
        fed = risk_information_feed_accidents()
    return _("foreign recalls: %(n)s notices; accidents as risk information: %(a)s") % {
        "n": made,
        "a": fed,
    }
