"""How the staged importer reads complaint lists, e.g. a 12315 work-order export (columns
in Chinese or English). The complainant's name and phone are personal data: staged
encrypted and shown masked (`sensitive`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.complaints.api.serializers import ComplaintSerializer
from zhiliang.complaints.choices import ComplaintOutcome as O
from zhiliang.complaints.choices import ComplaintStatus as S
from zhiliang.complaints.models import Complaint
from zhiliang.complaints.services import complaint_validate, complaints_bulk_create, mask_name
from zhiliang.core.api.rules import checked_by
from zhiliang.core.masking import mask
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import chunked, typed_commit

STATUS_WORDS = {
    "已登记": S.RECEIVED, "待受理": S.RECEIVED, "登记": S.RECEIVED, "received": S.RECEIVED,
    "已受理": S.HANDLING, "处理中": S.HANDLING, "办理中": S.HANDLING, "handling": S.HANDLING,
    "已办结": S.CLOSED, "办结": S.CLOSED, "已结案": S.CLOSED, "closed": S.CLOSED,
}  # fmt: skip
OUTCOME_WORDS = {
    "属实": O.JUSTIFIED, "部分属实": O.JUSTIFIED, "justified": O.JUSTIFIED,
    "不属实": O.UNJUSTIFIED, "unjustified": O.UNJUSTIFIED,
    "撤回": O.WITHDRAWN, "撤诉": O.WITHDRAWN, "withdrawn": O.WITHDRAWN,
    "调解成功": O.MEDIATED, "达成调解": O.MEDIATED, "mediated": O.MEDIATED,
}  # fmt: skip

FIELDS = (
    ImportField("number", _("complaint number"), True,
                ("工单编号", "投诉编号", "举报编号", "登记编号", "编号", "work order number"),
                help=_("The 12315 work-order number or your own; each complaint once.")),
    ImportField("received_on", _("received on"), True,
                ("登记日期", "收到日期", "接收日期", "登记时间", "received"), date_text),
    ImportField("channel", _("channel"), True, ("来源渠道", "渠道", "来源", "source"),
                help=_("E.g. 12315热线, 全国12315平台, 来信, 来访 or 上级转办.")),
    ImportField("complainant_name", _("complainant"), False,
                ("投诉人", "举报人", "投诉人姓名", "姓名")),
    ImportField("complainant_phone", _("complainant's phone"), False,
                ("联系电话", "投诉人电话", "电话", "phone")),
    ImportField("product_name", _("product"), True, ("商品名称", "产品名称", "产品", "商品")),
    ImportField("product_code", _("product category code"), False, ("产品类别代码", "产品代码"),
                help=_("A code of the product catalogue (the sampling products), if known.")),
    ImportField("enterprise_uscc", _("enterprise USCC"), False,
                ("被投诉企业统一社会信用代码", "被投诉人统一社会信用代码", "统一社会信用代码",
                 "uscc"),
                help=_("Of an enterprise registered in your jurisdiction; empty if unknown.")),
    ImportField("region_code", _("region code"), False, ("区划代码", "所在地区划代码", "region"),
                help=_("County (6 digits) or township (9); needed when no enterprise is given.")),
    ImportField("category", _("issue category"), True, ("问题类别", "投诉类别", "问题类型", "类别"),
                help=_("质量不合格, 虚假标注, 安全隐患, 假冒伪劣, 计量不准, 售后服务 or 其他.")),
    ImportField("description", _("description"), False, ("投诉内容", "举报内容", "内容", "诉求")),
    ImportField("status", pgettext_lazy("complaint", "status"), False,
                ("办理状态", "状态", "status"), choice_parser(STATUS_WORDS),
                help=_("Left empty, it follows from the dates: closed, handling or received.")),
    ImportField("accepted_on", _("accepted on"), False, ("受理时间", "受理日期"), date_text),
    ImportField("outcome", _("outcome"), False, ("处理结果", "办结结果", "结果", "outcome"),
                choice_parser(OUTCOME_WORDS)),
    ImportField("closed_on", pgettext_lazy("complaint", "closed on"), False,
                ("办结日期", "办结时间", "结案日期"), date_text),
)  # fmt: skip


def build_context(user, records: list[dict]) -> dict:
    numbers = {(r.get("number") or "").strip() for r in records} - {""}
    taken = set(chunked(Complaint.objects.all(), "number", numbers, "number"))
    wanted = {(r.get("region_code") or "").strip() for r in records} - {""}
    return {
        "user": user,
        "regions": {r.code: r for r in Region.objects.filter(code__in=wanted)},
        "products": {p.code: p for p in Product.objects.all()},
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("enterprise_uscc") for r in records)
        ),
        "taken_numbers": taken,
    }


def example(user) -> dict:
    """An enterprise of the user's jurisdiction and a number not yet taken (two queries)."""
    firm = Enterprise.objects.visible_to(user).select_related("region").order_by("pk").first()
    scope = user.jurisdiction
    if firm is None or scope is None:
        return {}
    numbers = [f"1{scope.code[:6]}2026{n:06d}" for n in range(1, 51)]
    taken = set(Complaint.objects.filter(number__in=numbers).values_list("number", flat=True))
    return {
        "number": next((n for n in numbers if n not in taken), ""),
        "received_on": "2026-03-02",
        "channel": "12315热线",
        "complainant_name": _("Zhang San"),
        "complainant_phone": "13800000000",
        "product_name": _("electric kettle"),
        "enterprise_uscc": firm.uscc,
        "region_code": firm.region.code,
        "category": "质量不合格",
        "description": _("The kettle leaks at the base after a week."),
        "status": "已办结",
        "accepted_on": "2026-03-04",
        "outcome": "调解成功",
        "closed_on": "2026-03-20",
    }


COMPLAINT_IMPORT = ImportSpec(
    kind="complaints",
    label=_("complaints"),
    permission="complaints.add_complaint",
    model=Complaint,
    serializer_class=checked_by(ComplaintSerializer, complaint_validate),
    fields=FIELDS,
    build_context=build_context,
    commit=typed_commit(Complaint, complaints_bulk_create),
    unique_field="number",
    list_url_name="complaints:list",
    example=example,
    sensitive={"complainant_name": mask_name, "complainant_phone": mask},
)
