"""How the staged importer reads a lab sheet of a metrology campaign: one row per lot
(net content) or per dispenser nozzle, the measured values (or each run's error, %) in one
cell. The verdict is computed on import from the campaign's rule."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.core.api.rules import checked_by
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.imports.registry import ImportField, ImportSpec, date_text
from zhiliang.imports.rows import typed_commit
from zhiliang.metrology.api.serializers import CheckSerializer
from zhiliang.metrology.models import Campaign, Check
from zhiliang.metrology.services import check_validate, checks_bulk_create

FIELDS = (
    ImportField("campaign_code", _("campaign code"), True, ("专项编号", "检查项目编号", "任务编号"),
                help=_("The code of a campaign registered under Metrology campaigns.")),
    ImportField("number", _("check number"), True, ("检验编号", "样品编号", "报告编号")),
    ImportField("enterprise_uscc", _("enterprise USCC"), False, ("统一社会信用代码", "uscc"),
                help=_("Of the packer, seller or filling station, if registered.")),
    ImportField("region_code", _("region code"), False, ("区划代码",),
                help=_("Needed when no enterprise is given.")),
    ImportField("checked_on", pgettext_lazy("metrology", "checked on"), True,
                ("检验日期", "检查日期"), date_text),
    ImportField("item", _("product or instrument"), True, ("商品名称", "器具编号", "名称")),
    ImportField("nominal", _("nominal quantity"), False, ("标注净含量", "标称净含量"),
                help=_("Net content only: the quantity marked on the package.")),
    ImportField("nominal_unit", _("unit"), False, ("单位", "计量单位"),
                help=_("g, kg, mL or L.")),
    ImportField("lot_size", _("lot size"), False, ("批量", "检验批量"),
                help=_("Net content only: the units in the lot.")),
    ImportField("values", _("measured values"), True, ("实际含量", "测量值", "示值误差"),
                help=_("Each unit's net content, or each run's error in %, separated by "
                       "spaces or commas.")),
)  # fmt: skip


def build_context(user, records: list[dict]) -> dict:
    codes = {(r.get("campaign_code") or "").strip() for r in records} - {""}
    campaigns = {
        c.code: c
        for c in Campaign.objects.visible_to(user).select_related("region").filter(code__in=codes)
    }
    numbers = {(r.get("number") or "").strip() for r in records} - {""}
    taken = set(
        Check.objects.filter(campaign__in=campaigns.values(), number__in=numbers).values_list(
            "campaign_id", "number"
        )
    )
    wanted = {(r.get("region_code") or "").strip() for r in records} - {""}
    return {
        "user": user,
        "campaigns": campaigns,
        "regions": {r.code: r for r in Region.objects.filter(code__in=wanted)},
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("enterprise_uscc") for r in records)
        ),
        "taken": taken,
    }


def example(user) -> dict:
    campaign = (
        Campaign.objects.visible_to(user).filter(subject="net_content").order_by("-starts_on")
    ).first()
    firm = Enterprise.objects.visible_to(user).select_related("region").order_by("pk").first()
    if campaign is None or firm is None:
        return {}
    return {
        "campaign_code": campaign.code,
        "number": "LAB-0001",
        "enterprise_uscc": firm.uscc,
        "region_code": firm.region.code,
        "checked_on": str(campaign.starts_on),
        "item": "大米",
        "nominal": "500",
        "nominal_unit": "g",
        "lot_size": "30",
        "values": "498 502 495 501 499 503 497 500 496 504",
    }


CHECK_IMPORT = ImportSpec(
    kind="metrology_checks",
    label=_("metrology checks (lab sheet)"),
    permission="metrology.add_check",
    model=Check,
    serializer_class=checked_by(CheckSerializer, check_validate),
    fields=FIELDS,
    build_context=build_context,
    commit=typed_commit(Check, checks_bulk_create),
    compound_key=lambda r: (
        f"{(r.get('campaign_code') or '').strip()} {(r.get('number') or '').strip()}".strip()
    ),
    compound_label=_("campaign code and check number"),
    list_url_name="metrology:checks",
    example=example,
)
