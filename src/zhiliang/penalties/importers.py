"""How the staged importer reads penalty and 经营异常名录 lists (Chinese or English columns).

A decision number is unique per enforcing body, and an enterprise has at most one open
listing per reason: a row repeating an earlier row's key is rejected by the importer
(naming that row), one repeating a registered record by the services' validators with the
caches built here, and the registry is checked again inside the commit.
"""

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.core.api.rules import checked_by
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.enterprises.uscc import normalize
from zhiliang.imports import rows as shared
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.penalties import listing_rules, rules
from zhiliang.penalties.api.serializers import AbnormalListingSerializer, PenaltySerializer
from zhiliang.penalties.models import AbnormalListing, Penalty
from zhiliang.penalties.selectors import deciding_bodies
from zhiliang.penalties.services import (
    listing_bulk_create,
    listing_validate,
    penalty_bulk_create,
    penalty_validate,
)

# Words clerks write for the kinds, besides the names in the data file.
KIND_ALIASES = {
    "没收违法所得": "confiscation", "没收非法财物": "confiscation", "没收": "confiscation",
    "停产停业": "suspension", "责令停业": "suspension", "吊销许可证": "licence_revocation",
    "吊销营业执照": "licence_revocation", "吊销": "licence_revocation",
    "暂扣许可证": "licence_suspension", "暂扣": "licence_suspension",
}  # fmt: skip
REASON_ALIASES = {
    "未按期公示年报": "annual_report", "未报送年度报告": "annual_report", "年报": "annual_report",
    "未按期公示即时信息": "instant_info", "隐瞒真实情况": "false_info", "弄虚作假": "false_info",
    "无法联系": "unreachable", "住所无法联系": "unreachable",
    "通过登记的住所无法联系": "unreachable",
}  # fmt: skip
# The field of a decision (its repair period depends on it), besides the data file's names.
SECTOR_ALIASES = {
    "食品安全": "food", "食品生产": "food", "食品经营": "food", "药品": "drugs",
    "医疗器械": "drugs", "化妆品": "drugs", "特种设备安全": "special_equipment",
    "一般": "general", "其他": "general",
}  # fmt: skip


def _words(items, aliases) -> dict[str, str]:
    words = dict(aliases)
    for item in items.values():
        words[item.name] = item.code
        words[item.name_en] = item.code
    return words


USCC_HELP = gettext_lazy(
    "The USCC of an enterprise registered in your jurisdiction (the enterprise list shows it)."
)
BODY_HELP = gettext_lazy("The name of a market regulation bureau (or its id).")
AMOUNT_HELP = gettext_lazy("In yuan: 5000, 5,000 or 0.5万.")
SECTOR_HELP = gettext_lazy(
    "Food, drugs or special equipment wait a year before a repair, other fields six months; "
    "empty: general."
)
_MYRIAD = re.compile(r"^(.*?)\s*万\s*元?$")


def amount_text(text: str) -> str:
    """5,000元 → 5000; 1.5万 → 15000; anything else unchanged (the serializer says why)."""
    text = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "").strip()
    m = _MYRIAD.match(text)
    if m:
        try:
            return str(Decimal(m.group(1)) * 10000)
        except InvalidOperation:
            return text
    return text.removesuffix("元").strip()


PENALTY_FIELDS = (
    ImportField("decision_number", gettext_lazy("decision number"), True,
                ("行政处罚决定书文号", "处罚决定书文号", "决定书文号", "文号", "decision number")),
    ImportField("enterprise_uscc", gettext_lazy("enterprise USCC"), True,
                ("统一社会信用代码", "信用代码", "当事人统一社会信用代码", "uscc"), help=USCC_HELP),
    ImportField("enforcing_body", gettext_lazy("enforcing body"), True,
                ("处罚机关", "作出处罚决定的机关", "执法机关", "处罚单位"), help=BODY_HELP),
    ImportField("kind", gettext_lazy("kind of penalty"), True,
                ("处罚种类", "处罚类别", "处罚类型", "kind"),
                choice_parser(_words(rules.kinds(), KIND_ALIASES))),
    ImportField("fine_amount", gettext_lazy("fine (yuan)"), False,
                ("罚款金额", "罚款金额（元）", "罚款", "fine"), amount_text, help=AMOUNT_HELP),
    ImportField("confiscated_amount", gettext_lazy("confiscated (yuan)"), False,
                ("没收金额", "没收违法所得金额", "没收违法所得"), amount_text, help=AMOUNT_HELP),
    ImportField("decided_on", gettext_lazy("decision date"), True,
                ("处罚决定日期", "决定日期", "处罚日期", "decided on"), date_text),
    ImportField("published_on", gettext_lazy("published on"), False,
                ("公示日期", "published on"), date_text),
    ImportField("violation", gettext_lazy("violation"), False,
                ("违法行为类型", "违法行为", "主要违法事实", "违法事实")),
    ImportField("legal_basis", gettext_lazy("legal basis"), True,
                ("处罚依据", "法律依据", "legal basis")),
    ImportField("sector", gettext_lazy("field (for repair)"), False,
                ("所属领域", "领域", "行业领域", "sector", "field"),
                choice_parser(_words(listing_rules.sectors(), SECTOR_ALIASES)),
                help=SECTOR_HELP),
)  # fmt: skip

LISTING_FIELDS = (
    ImportField("enterprise_uscc", gettext_lazy("enterprise USCC"), True,
                ("统一社会信用代码", "信用代码", "uscc"), help=USCC_HELP),
    ImportField("reason", gettext_lazy("reason for listing"), True,
                ("列入经营异常名录原因", "列入原因", "列入事由", "reason"),
                choice_parser(_words(rules.reasons(), REASON_ALIASES))),
    ImportField("listed_on", gettext_lazy("listed on"), True,
                ("列入日期", "列入时间", "listed on"), date_text),
    ImportField("deciding_body", gettext_lazy("deciding body"), True,
                ("作出决定机关", "列入决定机关", "决定机关"), help=BODY_HELP),
    ImportField("decision_number", gettext_lazy("decision number"), False,
                ("列入决定书文号", "决定书文号", "文号")),
    ImportField("legal_basis", gettext_lazy("legal basis"), True,
                ("列入依据", "法律依据", "legal basis")),
    ImportField("removed_on", gettext_lazy("removed on"), False,
                ("移出日期", "移出时间", "removed on"), date_text),
    ImportField("removal_reason", gettext_lazy("reason for removal"), False,
                ("移出原因", "移出事由")),
)  # fmt: skip


def _bodies(user) -> dict[str, list]:
    """Name and short name → the organisations the user may name (one query)."""
    found: dict[str, list] = {}
    for org in referable(Organization, user).filter(is_active=True):
        for name in {org.name, org.short_name} - {""}:
            found.setdefault(name, []).append(org)
    return found


PENALTY_KEY = ("enforcing_body_id", "decision_number")  # unique together


def penalty_context(user, records: list[dict]) -> dict:
    numbers = {(r.get("decision_number") or "").strip() for r in records} - {""}
    taken = set(shared.chunked(Penalty.objects.all(), "decision_number", numbers, *PENALTY_KEY))
    return {
        "user": user,
        "bodies": _bodies(user),
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("enterprise_uscc") for r in records)
        ),
        "taken": taken,
    }


def penalty_key(record: dict) -> str:
    """Decision number and body as the clerk wrote them: "常武市监罚〔2025〕12号 (武进区…)"."""
    number = (record.get("decision_number") or "").strip()
    body = str(record.get("enforcing_body") or "").strip()
    return f"{number} ({body})" if number and body else ""


def penalty_commit(actor, rows: list[dict]) -> int:
    rows = shared.typed_rows(Penalty, rows)
    keys = {(r["enforcing_body_id"], r["decision_number"]) for r in rows}
    taken = shared.keys_held(Penalty.objects.all(), PENALTY_KEY, keys, by=1)
    shared.refuse_taken(
        [n for _b, n in taken],
        _("Decisions registered since the file was checked: %(n)s. Check the file again."),
    )
    return penalty_bulk_create(actor=actor, rows=rows)


def listing_context(user, records: list[dict]) -> dict:
    enterprises = enterprises_by_uscc(user=user, usccs=(r.get("enterprise_uscc") for r in records))
    ids = [e.id for e in enterprises.values()]
    listed = AbnormalListing.objects.filter(removed_on__isnull=True)
    open_pairs = set(shared.chunked(listed, "enterprise_id", ids, "enterprise_id", "reason"))
    return {"user": user, "bodies": _bodies(user), "enterprises": enterprises, "open": open_pairs}


def listing_key(record: dict) -> str:
    """An open listing's enterprise and reason: "91320…(annual_report)"; removed ones may
    repeat (an enterprise listed and removed twice for the same reason)."""
    if (record.get("removed_on") or "").strip():
        return ""
    uscc, reason = normalize(record.get("enterprise_uscc") or ""), record.get("reason") or ""
    return f"{uscc} ({reason.strip()})" if uscc and reason.strip() else ""


def listing_commit(actor, rows: list[dict]) -> int:
    rows = shared.typed_rows(AbnormalListing, rows)
    keys = {(r["enterprise_id"], r["reason"]) for r in rows if r.get("removed_on") is None}
    now_open = AbnormalListing.objects.filter(
        enterprise_id__in={e for e, _r in keys}, removed_on__isnull=True
    ).values_list("enterprise_id", "reason")
    if any(pair in keys for pair in now_open):
        raise ValidationError(
            _("Listings registered since the file was checked. Check the file again.")
        )
    return listing_bulk_create(actor=actor, rows=rows)


def _example_body(user, enterprise):
    bodies = deciding_bodies(user).filter(region__code=enterprise.region.code[:6])
    return bodies.first() or deciding_bodies(user).order_by("id").first()


def penalty_example(user) -> dict:
    """A fine on the first enterprise the user sees, by its county's bureau."""
    enterprise = shared.first_visible_enterprise(user)
    body = _example_body(user, enterprise) if enterprise else None
    if enterprise is None or body is None:
        return {}
    year = timezone.localdate().year
    numbers = [f"示例罚〔{year}〕{n}号" for n in range(1, 51)]
    taken = Penalty.objects.filter(enforcing_body=body, decision_number__in=numbers)
    decided = max(timezone.localdate() - timedelta(days=30), enterprise.established_on or date.min)
    return {
        "decision_number": shared.free_value(
            numbers, taken.values_list("decision_number", flat=True)
        ),
        "enterprise_uscc": enterprise.uscc,
        "enforcing_body": body.name,
        "kind": rules.kinds()["fine"].name,
        "fine_amount": "20000",
        "decided_on": decided.isoformat(),
        "violation": _("Products below the standard they claim"),
        "legal_basis": "《中华人民共和国产品质量法》第五十条",
        "sector": listing_rules.sectors()["general"].name,
    }


def listing_example(user) -> dict:
    """The first enterprise the user sees that is not listed for a late annual report."""
    body = deciding_bodies(user).order_by("id").first()
    listed = AbnormalListing.objects.filter(reason="annual_report", removed_on__isnull=True)
    enterprise = (
        Enterprise.objects.visible_to(user)
        .exclude(pk__in=listed.values("enterprise_id"))
        .order_by("pk")
        .first()
    )
    if enterprise is None or body is None:
        return {}
    body = _example_body(user, enterprise) or body
    listed_on = max(timezone.localdate() - timedelta(days=7), enterprise.established_on or date.min)
    return {
        "enterprise_uscc": enterprise.uscc,
        "reason": rules.reasons()["annual_report"].name,
        "listed_on": listed_on.isoformat(),
        "deciding_body": body.name,
        "legal_basis": "《企业经营异常名录管理暂行办法》第四条第（一）项",
    }


PENALTY_IMPORT = ImportSpec(
    kind="penalties",
    label=gettext_lazy("administrative penalties"),
    permission="penalties.add_penalty",
    model=Penalty,
    serializer_class=checked_by(PenaltySerializer, penalty_validate),
    fields=PENALTY_FIELDS,
    build_context=penalty_context,
    commit=penalty_commit,
    compound_key=penalty_key,
    compound_label=gettext_lazy("decision number"),
    example=penalty_example,
    list_url_name="penalties:penalties",
)

LISTING_IMPORT = ImportSpec(
    kind="abnormal-listings",
    label=gettext_lazy("abnormal operation listings"),
    permission="penalties.add_abnormallisting",
    model=AbnormalListing,
    serializer_class=checked_by(AbnormalListingSerializer, listing_validate),
    fields=LISTING_FIELDS,
    build_context=listing_context,
    commit=listing_commit,
    compound_key=listing_key,
    compound_label=gettext_lazy("open listing (enterprise and reason)"),
    example=listing_example,
    list_url_name="penalties:listings",
)
