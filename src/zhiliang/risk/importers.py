"""How the staged importer reads lists of risk information, e.g. foreign notifications
(Safety Gate, CPSC recalls) collected by the office, columns in Chinese or English."""

from django.utils.translation import gettext_lazy as _

from zhiliang.core.api.rules import checked_by
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import typed_commit
from zhiliang.risk.api.serializers import RiskInformationSerializer
from zhiliang.risk.choices import SourceKind as K
from zhiliang.risk.models import RiskInformation
from zhiliang.risk.services import risk_information_bulk_create, risk_information_validate

SOURCE_WORDS = {
    "风险监测": K.MONITORING, "monitoring": K.MONITORING,
    "投诉": K.COMPLAINT, "投诉举报": K.COMPLAINT, "complaint": K.COMPLAINT,
    "伤害": K.INJURY, "伤害报告": K.INJURY, "injury": K.INJURY,
    "事故": K.ACCIDENT, "事故报告": K.ACCIDENT, "accident": K.ACCIDENT,
    "境外通报": K.FOREIGN, "国外通报": K.FOREIGN, "召回": K.FOREIGN, "safety gate": K.FOREIGN,
    "cpsc": K.FOREIGN, "foreign": K.FOREIGN,
    "媒体": K.MEDIA, "舆情": K.MEDIA, "媒体报道": K.MEDIA, "media": K.MEDIA,
}  # fmt: skip

FIELDS = (
    ImportField("reference", _("reference"), True,
                ("通报编号", "编号", "报告编号", "notification number", "reference"),
                help=_("The notification's or report's own number; each once per source.")),
    ImportField("source_kind", _("source"), True, ("信息来源", "来源", "source"),
                choice_parser(SOURCE_WORDS),
                help=_("境外通报, 风险监测, 投诉举报, 伤害报告, 事故报告 or 媒体报道.")),
    ImportField("product_code", _("product code"), True,
                ("产品代码", "产品类别代码", "product code"),
                help=_("A product code of the catalogue, e.g. 0401.")),
    ImportField("hazard", _("hazard"), True, ("危害类型", "风险类型", "hazard", "risk type"),
                help=_("E.g. 电击, 火灾与烧伤, 机械伤害, 化学危害.")),
    ImportField("region_code", _("region code"), False, ("区划代码", "地区代码", "region"),
                help=_("County (6 digits) or township (9); needed when no enterprise is given.")),
    ImportField("enterprise_uscc", _("enterprise USCC"), False, ("统一社会信用代码", "uscc"),
                help=_("Of an enterprise registered in your jurisdiction; empty if unknown.")),
    ImportField("occurred_on", _("date"), True, ("通报日期", "日期", "date"), date_text),
    ImportField("text", _("description"), False, ("内容", "描述", "风险描述", "description")),
)  # fmt: skip


def build_context(user, records: list[dict]) -> dict:
    refs = {(r.get("reference") or "").strip() for r in records} - {""}
    taken = set(
        RiskInformation.objects.filter(reference__in=refs).values_list("source_kind", "reference")
    )
    wanted = {(r.get("region_code") or "").strip() for r in records} - {""}
    return {
        "user": user,
        "regions": {r.code: r for r in Region.objects.filter(code__in=wanted)},
        "products": {p.code: p for p in Product.objects.filter(parent__isnull=False)},
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("enterprise_uscc") for r in records)
        ),
        "taken_references": taken,
    }


def example(user) -> dict:
    firm = Enterprise.objects.visible_to(user).select_related("region").order_by("pk").first()
    if firm is None:
        return {}
    return {
        "reference": "A12/00123/26",
        "source_kind": "境外通报",
        "product_code": "0401",
        "hazard": "火灾与烧伤",
        "region_code": firm.region.code,
        "enterprise_uscc": "",
        "occurred_on": "2026-03-02",
        "text": _("Battery of an e-bike overheats while charging (Safety Gate)."),
    }


RISK_INFORMATION_IMPORT = ImportSpec(
    kind="risk-information",
    label=_("risk information"),
    permission="risk.add_riskinformation",
    model=RiskInformation,
    serializer_class=checked_by(RiskInformationSerializer, risk_information_validate),
    fields=FIELDS,
    build_context=build_context,
    commit=typed_commit(RiskInformation, risk_information_bulk_create),
    unique_field="reference",
    list_url_name="risk:information",
    example=example,
)
