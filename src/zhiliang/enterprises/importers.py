"""How the staged importer reads enterprise lists (columns in Chinese or English)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.core.api.rules import checked_by
from zhiliang.core.bulk import values_present
from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.enterprises.api.serializers import EnterpriseSerializer
from zhiliang.enterprises.choices import EnterpriseStatus, SizeClass
from zhiliang.enterprises.import_check import quick_check, quick_context
from zhiliang.enterprises.models import Enterprise, Industry
from zhiliang.enterprises.services import (
    enterprise_bulk_create,
    enterprise_bulk_create_staged,
    enterprise_validate,
)
from zhiliang.enterprises.uscc import make_uscc, normalize
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text

S, Z = EnterpriseStatus, SizeClass
COUNTY, TOWNSHIP = RegionLevel.COUNTY, RegionLevel.TOWNSHIP
STATUS_WORDS = {
    "存续": S.ACTIVE, "在营": S.ACTIVE, "开业": S.ACTIVE, "在册": S.ACTIVE, "active": S.ACTIVE,
    "在业": S.OPERATING, "operating": S.OPERATING,
    "吊销": S.REVOKED, "吊销未注销": S.REVOKED, "revoked": S.REVOKED,
    "注销": S.CANCELLED, "cancelled": S.CANCELLED, "deregistered": S.CANCELLED,
    "迁出": S.MOVED_OUT, "moved out": S.MOVED_OUT,
}  # fmt: skip
SIZE_WORDS = {
    "大型": Z.LARGE, "大": Z.LARGE, "中型": Z.MEDIUM, "中": Z.MEDIUM,
    "小型": Z.SMALL, "小": Z.SMALL, "微型": Z.MICRO, "微": Z.MICRO,
}  # fmt: skip

FIELDS = (
    ImportField(
        "uscc",
        _("USCC"),
        True,
        (
            "统一社会信用代码",
            "社会信用代码",
            "信用代码",
            "credit code",
            "unified social credit code",
        ),
        help=_("18 characters, as on the business licence; each enterprise once."),
    ),
    ImportField(
        "name", _("name"), True, ("企业名称", "名称", "单位名称", "enterprise name", "company name")
    ),
    ImportField(
        "region_code",
        _("region code"),
        True,
        ("区划代码", "行政区划代码", "所在地区划代码", "乡镇街道代码", "region"),
        help=_(
            "The county (6 digits) or township (9 digits) statistical division code, within "
            "your jurisdiction; the region list of the enterprise filter shows the codes."
        ),
    ),
    ImportField(
        "industry_code",
        _("industry code"),
        True,
        ("行业代码", "国民经济行业代码", "行业门类代码", "industry"),
        help=_("GB/T 4754-2017 section letter or two-digit division code, e.g. 34."),
    ),
    ImportField("address", _("address"), False, ("地址", "住所", "经营地址", "注册地址")),
    ImportField(
        "size_class",
        _("size class"),
        False,
        ("企业规模", "规模", "size"),
        choice_parser(SIZE_WORDS),
    ),
    ImportField(
        "legal_representative",
        _("legal representative"),
        False,
        ("法定代表人", "法人代表", "负责人"),
    ),
    ImportField(
        "established_on",
        _("established on"),
        False,
        ("成立日期", "成立时间", "established", "date of establishment"),
        date_text,
    ),
    ImportField(
        "status",
        pgettext_lazy("enterprise registration", "status"),
        False,
        ("登记状态", "经营状态", "状态"),
        choice_parser(STATUS_WORDS),
    ),
    ImportField("chief_quality_officer", _("chief quality officer"), False, ("首席质量官", "cqo")),
    ImportField(
        "cqo_trained_on",
        _("CQO training date"),
        False,
        ("首席质量官培训日期", "培训日期", "cqo training date"),
        date_text,
    ),
    ImportField("contact_phone", _("contact phone"), False, ("联系电话", "电话", "phone")),
)


def build_context(user, records: list[dict]) -> dict:
    codes = {normalize(r.get("uscc", "")) for r in records} - {""}
    taken = values_present(Enterprise, "uscc", codes)
    wanted = list({r.get("region_code", "").strip() for r in records} - {""})
    regions = {}
    for start in range(0, len(wanted), 900):
        regions.update(
            (r.code, r)
            for r in Region.objects.filter(level__gte=3, code__in=wanted[start : start + 900]).only(
                "id", "code", "name", "level"
            )
        )
    return quick_context(
        {
            "user": user,
            "regions": regions,
            "industries": {i.code: i for i in Industry.objects.all()},
            "taken_usccs": taken,
        }
    )


def example(user) -> dict:
    """A township of the user's jurisdiction, a USCC not yet registered (one query)."""
    scope = user.jurisdiction
    region = (
        Region.objects.subtree(scope.code)
        .filter(level__in=(COUNTY, TOWNSHIP))
        .order_by("-level", "code")
        .first()
        if scope
        else None
    )
    if region is None:
        return {}
    candidates = [make_uscc(region.code[:6], f"9{n:07d}") for n in range(1, 51)]
    taken = set(Enterprise.objects.filter(uscc__in=candidates).values_list("uscc", flat=True))
    industry = (
        Industry.objects.filter(code__regex=r"^[0-9]{2}$").first() or Industry.objects.first()
    )
    return {
        "uscc": next((c for c in candidates if c not in taken), ""),
        "name": _("Example Machinery Co., Ltd."),
        "region_code": region.code,
        "industry_code": industry.code if industry else "",
        "address": _("1 Example Road"),
        "size_class": SizeClass.SMALL,
        "legal_representative": _("Zhang San"),
        "established_on": "2015-06-01",
        "status": EnterpriseStatus.ACTIVE,
        "contact_phone": "0519-88880000",
    }


def commit(actor, rows: list[dict]) -> int:
    return enterprise_bulk_create(actor=actor, rows=rows)


def commit_staged(actor, staged, usccs: list[str]) -> int:
    return enterprise_bulk_create_staged(actor=actor, staged=staged, usccs=usccs)


ENTERPRISE_IMPORT = ImportSpec(
    kind="enterprises",
    label=_("enterprises"),
    permission="enterprises.add_enterprise",
    model=Enterprise,
    serializer_class=checked_by(EnterpriseSerializer, enterprise_validate),
    fields=FIELDS,
    build_context=build_context,
    commit=commit,
    unique_field="uscc",
    normalize_key=normalize,
    list_url_name="enterprises:list",
    example=example,
    quick_check=quick_check,
    commit_staged=commit_staged,
)
