"""How the staged importer reads equipment units, periodic inspections and operators.

Rows are converted by the API serializers and checked by the services' validators; the
context carries whole-file look-ups (one query per kind of thing, never per row).
Rejected with the reason: unknown catalogue codes, register codes already taken (in the
file or the registry), operators under 18 or already recorded, dates in the future,
inspections before acceptance, invalid USCC or region, certificates expiring before issue.
"""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.cn import ric

from zhiliang.core.api.rules import checked_by
from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.equipment import crypto, services
from zhiliang.equipment.api.serializers import (
    EquipmentUnitSerializer,
    OperatorSerializer,
    PeriodicInspectionSerializer,
)
from zhiliang.equipment.choices import Conclusion, GasClass, UnitStatus
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import chunked, free_value, typed_commit, typed_rows

USCC_HELP = _(
    "The USCC of an enterprise registered in your jurisdiction (the enterprise list shows it)."
)
CATALOGUE_HELP = _(
    "Code of the special equipment catalogue (特种设备目录), e.g. 3110 for a traction elevator."
)

STATUS_WORDS = {
    "在用": UnitStatus.IN_USE, "in use": UnitStatus.IN_USE, "使用": UnitStatus.IN_USE,
    "停用": UnitStatus.STOPPED, "stopped": UnitStatus.STOPPED,
    "报废": UnitStatus.SCRAPPED, "scrapped": UnitStatus.SCRAPPED,
}  # fmt: skip
CONCLUSION_WORDS = {
    "合格": Conclusion.PASS, "pass": Conclusion.PASS, "允许使用": Conclusion.PASS,
    "复检合格": Conclusion.PASS_AFTER_RETEST, "pass after re-test": Conclusion.PASS_AFTER_RETEST,
    "不合格": Conclusion.FAIL, "fail": Conclusion.FAIL,
}  # fmt: skip
GAS_WORDS = {
    "腐蚀性": GasClass.CORROSIVE, "腐蚀性气体": GasClass.CORROSIVE,
    "一般": GasClass.GENERAL, "一般气体": GasClass.GENERAL,
    "惰性": GasClass.INERT, "惰性气体": GasClass.INERT,
}  # fmt: skip


def _upper(text: str) -> str:
    return str(text or "").strip().upper()


def _stored_rows(model, rows: list[dict], related: str, related_model) -> list[dict]:
    """The checked rows as the service takes them: dates as dates, and the record each row
    names by id (`<related>_id`) fetched for the whole file in one query."""
    rows = typed_rows(model, rows)
    found = related_model.objects.in_bulk({r[f"{related}_id"] for r in rows})
    for r in rows:
        r[related] = found[r.pop(f"{related}_id")]
    return rows


# -- equipment units -----------------------------------------------------------------------

UNIT_FIELDS = (
    ImportField("register_code", _("register code"), True,
                ("设备注册代码", "注册代码", "设备代码", "register code")),
    ImportField("catalogue_code", _("catalogue code"), True,
                ("设备品种代码", "品种代码", "设备类别代码", "目录代码", "catalogue code"),
                help=CATALOGUE_HELP),
    ImportField("enterprise_uscc", _("enterprise USCC"), True,
                ("使用单位统一社会信用代码", "使用单位信用代码", "统一社会信用代码", "uscc"),
                help=USCC_HELP),
    ImportField("region_code", _("region code"), True,
                ("区划代码", "所在乡镇街道代码", "乡镇街道代码", "region")),
    ImportField("location", _("location"), False, ("设备使用地点", "使用地点", "地点", "地址")),
    ImportField("manufactured_on", _("manufacture date"), False,
                ("制造日期", "出厂日期"), date_text),
    ImportField("accepted_on", _("acceptance inspection date"), True,
                ("监督检验日期", "验收检验日期", "监检日期"), date_text),
    ImportField("in_service_on", _("put into service on"), True,
                ("投入使用日期", "投用日期"), date_text),
    ImportField("registration_number", _("registration certificate number"), False,
                ("使用登记证编号", "登记证编号", "使用登记证号")),
    ImportField("registered_on", _("registered on"), False, ("登记日期", "使用登记日期"),
                date_text),
    ImportField("found_unregistered_on", _("found unregistered on"), False,
                ("发现未登记日期", "检查发现未登记日期"), date_text),
    ImportField("status", _("status"), False, ("设备状态", "使用状态", "状态"),
                choice_parser(STATUS_WORDS)),
    ImportField("retired_on", _("out of use since"), False, ("停用日期", "报废日期"), date_text),
    ImportField("safety_grade", _("safety grade"), False, ("安全状况等级", "安全等级")),
    ImportField("gas_class", _("gas class"), False, ("充装介质类别", "气体类别"),
                choice_parser(GAS_WORDS)),
)  # fmt: skip


def unit_context(user, records: list[dict]) -> dict:
    codes = {_upper(r.get("register_code")) for r in records} - {""}
    wanted = {str(r.get("region_code", "")).strip() for r in records}
    return {
        "user": user,
        "taken_codes": set(
            chunked(EquipmentUnit.objects.all(), "register_code", codes, "register_code")
        ),
        "regions": {r.code: r for r in Region.objects.filter(code__in=wanted - {""})},
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("enterprise_uscc") for r in records)
        ),
    }


def _example_place(user):
    """A visible enterprise and a township of the user's jurisdiction, for example rows."""
    scope = user.jurisdiction
    if scope is None:
        return None, None
    firm = Enterprise.objects.visible_to(user).select_related("region").order_by("pk").first()
    region = (
        Region.objects.subtree(scope.code)
        .filter(level=RegionLevel.TOWNSHIP)
        .order_by("code")
        .first()
    )
    return firm, region


def unit_example(user) -> dict:
    firm, region = _example_place(user)
    if firm is None or region is None:
        return {}
    codes = [f"EX{n:08d}" for n in range(1, 51)]
    taken = EquipmentUnit.objects.filter(register_code__in=codes).values_list(
        "register_code", flat=True
    )
    return {
        "register_code": free_value(codes, taken),
        "catalogue_code": "3110",
        "enterprise_uscc": firm.uscc,
        "region_code": region.code,
        "location": _("Building 1"),
        "manufactured_on": "2019-12-01",
        "accepted_on": "2020-03-10",
        "in_service_on": "2020-03-15",
        "status": UnitStatus.IN_USE,
    }


UNIT_IMPORT = ImportSpec(
    kind="equipment_units",
    label=_("special equipment units"),
    permission="equipment.add_equipmentunit",
    model=EquipmentUnit,
    serializer_class=checked_by(EquipmentUnitSerializer, services.unit_validate),
    fields=UNIT_FIELDS,
    build_context=unit_context,
    commit=typed_commit(EquipmentUnit, services.units_bulk_create),
    unique_field="register_code",
    normalize_key=_upper,
    list_url_name="equipment:unit_list",
    example=unit_example,
)


# -- periodic inspections ------------------------------------------------------------------

INSPECTION_FIELDS = (
    ImportField("register_code", _("register code"), True,
                ("设备注册代码", "注册代码", "设备代码", "register code")),
    ImportField("inspected_on", _("inspected on"), True, ("检验日期", "定期检验日期"), date_text),
    ImportField("inspection_body", _("inspection body"), True, ("检验机构", "检验单位")),
    ImportField("conclusion", _("conclusion"), True, ("检验结论", "结论"),
                choice_parser(CONCLUSION_WORDS)),
    ImportField("report_number", _("report number"), True, ("报告编号", "检验报告编号")),
    ImportField("safety_grade", _("safety grade"), False, ("安全状况等级", "安全等级")),
)  # fmt: skip


def inspection_context(user, records: list[dict]) -> dict:
    codes = {_upper(r.get("register_code")) for r in records} - {""}
    units = chunked(EquipmentUnit.objects.visible_to(user), "register_code", codes)
    inspections = PeriodicInspection.objects.all()
    taken = set(chunked(inspections, "unit_id", [u.pk for u in units], "unit_id", "report_number"))
    return {"user": user, "units": {u.register_code: u for u in units}, "taken_reports": taken}


def inspection_example(user) -> dict:
    """The user's most recently accepted unit, a report number it has not recorded."""
    unit = EquipmentUnit.objects.visible_to(user).order_by("-accepted_on", "-pk").first()
    if unit is None:
        return {}
    numbers = [f"EX-{n:04d}" for n in range(1, 51)]
    taken = unit.inspections.filter(report_number__in=numbers).values_list(
        "report_number", flat=True
    )
    return {
        "register_code": unit.register_code,
        "inspected_on": max(unit.accepted_on, date.today() - timedelta(days=30)).isoformat(),
        "inspection_body": _("Example Special Equipment Inspection Institute"),
        "conclusion": Conclusion.PASS,
        "report_number": free_value(numbers, taken),
    }


def inspection_commit(actor, rows: list[dict]) -> int:
    rows = _stored_rows(PeriodicInspection, rows, "unit", EquipmentUnit)
    return services.inspections_bulk_record(actor=actor, rows=rows)


INSPECTION_IMPORT = ImportSpec(
    kind="periodic_inspections",
    label=_("periodic inspections"),
    permission="equipment.add_periodicinspection",
    model=PeriodicInspection,
    serializer_class=checked_by(PeriodicInspectionSerializer, services.inspection_validate),
    fields=INSPECTION_FIELDS,
    build_context=inspection_context,
    commit=inspection_commit,
    list_url_name="equipment:unit_list",
    example=inspection_example,
)


# -- operators -----------------------------------------------------------------------------

OPERATOR_FIELDS = (
    ImportField("name", pgettext_lazy("person", "name"), True, ("姓名", "作业人员姓名")),
    ImportField("id_number", _("ID number"), True, ("身份证号", "身份证号码", "公民身份号码")),
    ImportField("employer_uscc", _("employer USCC"), True,
                ("用人单位统一社会信用代码", "用人单位信用代码", "统一社会信用代码", "uscc"),
                help=USCC_HELP),
    ImportField("certificate_number", _("certificate number"), False,
                ("证书编号", "作业人员证编号", "证号")),
    ImportField("items", _("items"), False, ("作业项目", "项目代号", "项目")),
    ImportField("issued_on", pgettext_lazy("certificate", "issued on"), False,
                ("发证日期", "批准日期"), date_text),
    ImportField("valid_until", _("valid until"), False, ("有效期至", "有效期"), date_text),
    ImportField("recorded_on", _("operator since"), False, ("从业日期", "上岗日期"), date_text),
)  # fmt: skip


def _id_key(text: str) -> str:
    """Duplicates in a file are found by this key, and the importer shows it: masked, with a
    short keyed hash so two numbers that mask alike stay apart."""
    number = crypto.normalize_id(text)
    if not number:
        return ""
    return f"{crypto.mask_id(number)}#{crypto.keyed_hash(number)[:6]}"


class _OperatorIds:
    """Lets the importer re-check ID numbers at commit: it asks the model for taken keys,
    and operators keep only the keyed hash."""

    class objects:  # noqa: N801 - mimics a manager
        @staticmethod
        def filter(id_number__in):
            hashes = {crypto.keyed_hash(crypto.normalize_id(n)): n for n in id_number__in}
            taken = chunked(Operator.objects.all(), "id_number_hash", hashes, "id_number_hash")
            return _Found([hashes[h] for h in taken])


class _Found(list):
    def values_list(self, *fields, flat=False):
        return self


def operator_context(user, records: list[dict]) -> dict:
    hashes = {crypto.keyed_hash(crypto.normalize_id(r.get("id_number", ""))) for r in records}
    return {
        "user": user,
        "taken_hashes": set(
            chunked(Operator.objects.all(), "id_number_hash", hashes, "id_number_hash")
        ),
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("employer_uscc") for r in records)
        ),
    }


def operator_example(user) -> dict:
    """A resident ID number (valid, adult) of nobody recorded yet."""
    firm, _region = _example_place(user)
    if firm is None:
        return {}
    bodies = [f"32040219850515{n:03d}" for n in range(1, 51)]
    numbers = [b + ric.calc_check_digit(b + "0") for b in bodies]
    by_hash = {crypto.keyed_hash(n): n for n in numbers}
    taken = Operator.objects.filter(id_number_hash__in=by_hash).values_list(
        "id_number_hash", flat=True
    )
    return {
        "name": _("Zhang San"),
        "id_number": free_value(numbers, {by_hash[h] for h in taken}),
        "employer_uscc": firm.uscc,
        "recorded_on": "2020-01-01",
    }


def operator_commit(actor, rows: list[dict]) -> int:
    rows = _stored_rows(Operator, rows, "employer", Enterprise)
    return services.operators_bulk_create(actor=actor, rows=rows)


OPERATOR_IMPORT = ImportSpec(
    kind="equipment_operators",
    label=_("special equipment operators"),
    permission="equipment.add_operator",
    model=_OperatorIds,
    serializer_class=checked_by(OperatorSerializer, services.operator_validate),
    fields=OPERATOR_FIELDS,
    build_context=operator_context,
    commit=operator_commit,
    unique_field="id_number",
    normalize_key=_id_key,
    list_url_name="equipment:operator_list",
    sensitive={"id_number": crypto.mask_id_text},
    example=operator_example,
)
