"""Demo serious-violation listings and repair applications (synthetic data).

In each district of 常州市 that has a market regulation bureau: one listing at every step
(proposed, notified, not listed, decided, published, early removal applied for, removed
early, removed at the end), dated back from today so each step is one the rules allow; and
for penalties public long enough, a granted repair (with its evidence file), a refused one
and one under review. Deterministic; a second run adds nothing.
"""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise
from zhiliang.penalties import listing_rules
from zhiliang.penalties.choices import PenaltyStatus, RepairStatus, SeriousStatus
from zhiliang.penalties.demo import CITY, _bodies
from zhiliang.penalties.models import Penalty, PenaltyRepair, RepairEvidence, SeriousViolation
from zhiliang.penalties.services import derive_window

S = SeriousStatus
DISTRICTS = ("320412", "320411")
BASIS = "《市场监督管理严重违法失信名单管理办法》第七条；《中华人民共和国产品质量法》第四十九条"
FACTS = "生产销售不符合保障人身、财产安全的国家标准的产品，货值金额较大，情节严重（演示数据）"
# status → days before today: (proposed, notified, listed, published, applied, removed)
PLAN = {
    S.PROPOSED: (10, None, None, None, None, None),
    S.NOTIFIED: (20, 18, None, None, None, None),
    S.DROPPED: (90, 88, None, None, None, 75),
    S.DECIDED: (60, 58, 45, None, None, None),
    S.PUBLISHED: (400, 398, 380, 370, None, None),
    S.REMOVAL_APPLIED: (500, 498, 480, 470, 20, None),
    S.REMOVED: (700, 698, 680, 670, 200, 180),
    S.EXPIRED: (1200, 1198, 1180, 1170, None, None),
}


def _ago(today, days):
    return None if days is None else today - timedelta(days=days)


def _listing(enterprise_id, body, status, today, n) -> SeriousViolation:
    proposed, notified, listed, published, applied, removed = (_ago(today, d) for d in PLAN[status])
    listing = SeriousViolation(
        enterprise_id=enterprise_id, deciding_body_id=body, category="quality",
        legal_basis=BASIS, facts=FACTS, status=status, proposed_on=proposed,
        notified_on=notified, listed_on=listed, published_on=published,
        removal_applied_on=applied,
    )  # fmt: skip
    if notified:
        listing.objection_until = listing_rules.objection_until(notified)
    if listed:
        listing.ends_on = listing_rules.ends_on(listed)
        listing.decision_number = f"常市监严〔{listed.year}〕{n}号"
    if applied:
        listing.removal_conditions = dict.fromkeys(listing_rules.removal_conditions(), True)
        listing.removal_statement = "已缴清罚款并完成整改（演示数据）"
    if status == S.DROPPED:
        listing.dropped_on, listing.objection = (
            removed,
            "企业陈述申辩理由成立，不予列入（演示数据）",
        )
    elif status == S.REMOVED:
        listing.removed_on, listing.removal_reason = removed, "符合提前移出条件"
    elif status == S.EXPIRED:
        listing.removed_on, listing.removal_reason = (
            listing.ends_on,
            _("The listing period has ended."),
        )
    return listing


def _listings(today, bodies) -> list[SeriousViolation]:
    out = []
    oldest = today - timedelta(days=1300)
    for district in DISTRICTS:
        body = bodies.get(district)
        # Enterprises with a penalty in force first: a listing rests on one where it can.
        penalised = Penalty.objects.filter(enterprise=OuterRef("pk"), status=PenaltyStatus.IN_FORCE)
        firms = list(
            Enterprise.objects.in_region(district)
            .filter(status__in=IN_BUSINESS, established_on__lte=oldest)
            .order_by(Exists(penalised).desc(), "established_on", "id")
            .values_list("id", flat=True)[: len(PLAN)]
        )
        if body is None or len(firms) < len(PLAN):
            continue
        for enterprise_id, status in zip(firms, PLAN, strict=True):
            listing = _listing(enterprise_id, body, status, today, len(out) + 1)
            listing.penalty = (
                Penalty.objects.filter(
                    enterprise_id=enterprise_id, status=PenaltyStatus.IN_FORCE,
                    decided_on__lte=listing.proposed_on,
                )
                .order_by("-decided_on")
                .first()
            )  # fmt: skip
            out.append(listing)
    return out


def _pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (ASCII): the demo's evidence file."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _repairs(today):
    """Per district: granted, refused, pending, on penalties public for over 6 months."""
    decisions = ((RepairStatus.GRANTED, "已履行处罚义务，主动消除不良影响"),
                 (RepairStatus.REFUSED, "罚款尚未缴清"), (RepairStatus.PENDING, ""))  # fmt: skip
    repairs, repaired = [], []
    for k, district in enumerate(DISTRICTS):
        # Each district starts at another outcome: a small demo still has all three.
        turn = decisions[k % len(decisions) :] + decisions[: k % len(decisions)]
        penalties = list(
            Penalty.objects.in_region(district)
            .filter(status=PenaltyStatus.IN_FORCE, repaired_on__isnull=True,
                    public_from__lte=today - timedelta(days=200), public_until__gt=today)
            .order_by("id")[: len(decisions)]
        )  # fmt: skip
        for penalty, (status, reason) in zip(penalties, turn, strict=False):
            decided = today - timedelta(days=10) if status != RepairStatus.PENDING else None
            repairs.append(PenaltyRepair(
                penalty=penalty, applied_on=today - timedelta(days=30), status=status,
                statement="申请信用修复（演示数据）", decided_on=decided, decision_reason=reason,
            ))  # fmt: skip
            if status == RepairStatus.GRANTED:
                penalty.repaired_on = decided
                derive_window(penalty)
                repaired.append(penalty)
    return repairs, repaired


def demo_serious_step(*, seed: int) -> str:
    today = timezone.localdate()
    if SeriousViolation.objects.in_region(CITY).exists():
        return _("serious-violation list: already loaded")
    listings = _listings(today, _bodies())
    repairs, repaired = _repairs(today)
    with transaction.atomic():
        bulk_create_with_history(listings, SeriousViolation, default_change_reason="demo data")
        bulk_create_with_history(repairs, PenaltyRepair, default_change_reason="demo data")
        bulk_update_with_history(
            repaired, Penalty, ["repaired_on", "public_until"], default_change_reason="demo data"
        )
        pdf = _pdf("Demo evidence (synthetic data)")
        for repair in PenaltyRepair.objects.filter(
            status=RepairStatus.GRANTED, penalty__in=repaired
        ):
            evidence = RepairEvidence(repair=repair, original_name="缴款凭证（演示）.pdf",
                                      kind="pdf", size=len(pdf), sha256="")  # fmt: skip
            evidence.sha256 = hashlib.sha256(pdf).hexdigest()
            evidence.file.save(f"{evidence.sha256[:16]}.pdf", ContentFile(pdf), save=False)
            evidence.save()
    return _("serious-violation list: %(l)s listings, %(r)s repair applications") % {
        "l": f"{len(listings):,}",
        "r": f"{len(repairs):,}",
    }
