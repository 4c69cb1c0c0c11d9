"""How the staged importer reads injury case lists from the sentinel hospitals (columns in
Chinese or English). A file is checked whole: impossible ages or dates, unknown product
codes or hospitals, case numbers repeated in the file or already registered are refused
with their reason, and nothing is imported until every row is right or left out."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.core.api.rules import checked_by
from zhiliang.enterprises.models import Product
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import chunked, typed_commit
from zhiliang.injuries.api.serializers import CaseSerializer
from zhiliang.injuries.choices import Sex
from zhiliang.injuries.models import InjuryCase, SentinelHospital
from zhiliang.injuries.services import case_validate, cases_bulk_create

SEX_WORDS = {
    "男": Sex.MALE, "M": Sex.MALE, "male": Sex.MALE, "1": Sex.MALE,
    "女": Sex.FEMALE, "F": Sex.FEMALE, "female": Sex.FEMALE, "2": Sex.FEMALE,
    "不详": Sex.UNKNOWN, "未知": Sex.UNKNOWN, "U": Sex.UNKNOWN, "unknown": Sex.UNKNOWN,
}  # fmt: skip

FIELDS = (
    ImportField("hospital_code", _("hospital code"), True, ("医院编码", "哨点医院编码", "医院代码"),
                help=_("The code of a sentinel hospital of your jurisdiction.")),
    ImportField("case_number", pgettext_lazy("injury", "case number"), True,
                ("病例编号", "病例号", "报告卡编号", "编号"),
                help=_("The hospital's own number; each case once per hospital.")),
    ImportField("treated_on", _("date of treatment"), True, ("就诊日期", "就诊时间", "日期"),
                date_text),
    ImportField("age", _("age"), True, ("年龄",), help=_("Whole years, 0 to 120.")),
    ImportField("sex", _("sex"), True, ("性别",), choice_parser(SEX_WORDS)),
    ImportField("body_part", _("body part"), True, ("受伤部位", "部位"),
                help=_("E.g. 头部, 上肢, 下肢, 手部 (the coding list of the report card).")),
    ImportField("diagnosis", _("diagnosis"), True, ("伤害性质", "诊断"),
                help=_("E.g. 骨折, 挫伤/擦伤, 烧烫伤.")),
    ImportField("disposition", _("disposition"), True, ("伤害结局", "结局", "处置"),
                help=_("E.g. 处理后离院, 住院, 转院.")),
    ImportField("place", _("place of injury"), True, ("发生地点", "伤害发生地点", "地点"),
                help=_("E.g. 家中, 公路/街道, 学校与公共场所.")),
    ImportField("product_codes", _("product codes"), True, ("产品代码", "相关产品代码", "产品"),
                help=_("One or more codes of the product catalogue, e.g. 0401, 0107.")),
    ImportField("narrative", _("narrative"), False, ("伤害经过", "简要经过", "描述")),
)  # fmt: skip


def _key(record: dict) -> str:
    hospital = (record.get("hospital_code") or "").strip()
    number = (record.get("case_number") or "").strip()
    return f"{hospital} / {number}" if hospital and number else ""


def build_context(user, records: list[dict]) -> dict:
    hospitals = {
        h.code: h for h in SentinelHospital.objects.visible_to(user).select_related("region")
    }
    numbers = {(r.get("case_number") or "").strip() for r in records} - {""}
    key = ("hospital_id", "case_number")
    taken = set(chunked(InjuryCase.objects.all(), "case_number", numbers, *key))
    return {
        "user": user,
        "hospitals": hospitals,
        "products": {p.code: p for p in Product.objects.all()},
        "taken": taken,
    }


def example(user) -> dict:
    hospital = SentinelHospital.objects.visible_to(user).order_by("pk").first()
    if hospital is None:
        return {}
    numbers = [f"X{n:06d}" for n in range(1, 51)]
    taken = set(
        InjuryCase.objects.filter(hospital=hospital, case_number__in=numbers).values_list(
            "case_number", flat=True
        )
    )
    day = max(hospital.joined_on, date(2026, 3, 2))
    return {
        "hospital_code": hospital.code,
        "case_number": next((n for n in numbers if n not in taken), "X999999"),
        "treated_on": str(day),
        "age": "34",
        "sex": "男",
        "body_part": "下肢",
        "diagnosis": "骨折",
        "disposition": "处理后离院",
        "place": "公路/街道",
        "product_codes": "0401",
        "narrative": _("Fell from an electric bicycle when the front brake failed."),
    }


CASE_IMPORT = ImportSpec(
    kind="injury_cases",
    label=_("injury cases"),
    permission="injuries.add_injurycase",
    model=InjuryCase,
    serializer_class=checked_by(CaseSerializer, case_validate),
    fields=FIELDS,
    build_context=build_context,
    commit=typed_commit(InjuryCase, cases_bulk_create),
    compound_key=_key,
    compound_label=_("hospital and case number"),
    list_url_name="injuries:cases",
    example=example,
)
