"""The staged importers of the standards registry: a standards list (标准目录) and the
standards enterprises apply to their products (企业执行标准). Every row is checked by the
services' validators; the derived fields (normalised number, level, region, the product
link) travel with the checked row to the commit."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from zhiliang.core.api.rules import serializer_errors
from zhiliang.core.models import Region
from zhiliang.enterprises.models import EnterpriseProduct
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.enterprises.uscc import normalize
from zhiliang.imports.registry import ImportField, ImportSpec, date_text
from zhiliang.imports.rows import typed_commit
from zhiliang.standards import rules
from zhiliang.standards.api.serializers import EnterpriseStandardSerializer, StandardSerializer
from zhiliang.standards.models import EnterpriseStandard, Standard
from zhiliang.standards.services import (
    enterprise_standard_validate,
    enterprise_standards_bulk_create,
    standard_validate,
    standards_bulk_create,
)


def _checked_by(serializer_class, validator, derived):
    """The serializer with the validator run on the would-be record; `derived` fields of the
    record it returns are kept in the checked row."""

    def validate(self, attrs):
        attrs = serializer_class.validate(self, attrs)
        try:
            record = validator(data=attrs, instance=None, context=self.context)
        except DjangoValidationError as exc:
            raise serializer_errors(self, exc) from None
        return {**attrs, **{name: getattr(record, name) for name in derived}}

    return type(serializer_class.__name__, (serializer_class,),
                {"validate": validate, "__module__": __name__})  # fmt: skip


# -- standards -----------------------------------------------------------------------------

STANDARD_FIELDS = (
    ImportField("number", _("standard number"), True, ("标准号", "标准编号"),
                help=_("As printed, e.g. GB/T 19580-2012; the format is checked per level.")),
    ImportField("title", _("title"), True, ("标准名称", "名称")),
    ImportField("level", _("level"), False, ("标准级别", "级别"),
                help=_("国家标准, 行业标准, 地方标准, 团体标准, 联盟标准 or 企业标准; read from "
                       "the number when empty.")),
    ImportField("publisher", _("publisher or alliance"), False, ("发布单位", "联盟名称")),
    ImportField("region_code", _("region code"), False, ("区划代码",),
                help=_("For an alliance standard only.")),
    ImportField("enterprise_uscc", _("enterprise USCC"), False, ("统一社会信用代码",),
                help=_("For an enterprise standard only.")),
    ImportField("issued_on", _("issued on"), True, ("发布日期",), date_text),
    ImportField("implemented_on", _("implemented on"), True, ("实施日期",), date_text),
    ImportField("withdrawn_on", _("withdrawn on"), False, ("废止日期",), date_text),
)  # fmt: skip


def standard_context(user, records: list[dict]) -> dict:
    numbers = {rules.normalize_number(r.get("number") or "") for r in records} - {""}
    codes = {rules.local_region_code(n) for n in numbers} - {None}
    codes |= {(r.get("region_code") or "").strip() for r in records} - {""}
    return {
        "user": user,
        "regions": {r.code: r for r in Region.objects.filter(code__in=codes)},
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("enterprise_uscc") for r in records)
        ),
        "taken": set(Standard.objects.filter(number__in=numbers).values_list("number", flat=True)),
    }


def standard_example(user) -> dict:
    return {"number": "GB/T 19580-2012", "title": "卓越绩效评价准则", "level": "国家标准",
            "issued_on": "2012-03-09", "implemented_on": "2012-08-01"}  # fmt: skip


STANDARD_IMPORT = ImportSpec(
    kind="standards",
    label=_("standards list"),
    permission="standards.add_standard",
    model=Standard,
    serializer_class=_checked_by(
        StandardSerializer, standard_validate, ("number", "level", "region")
    ),  # fmt: skip
    fields=STANDARD_FIELDS,
    build_context=standard_context,
    commit=typed_commit(Standard, standards_bulk_create),
    unique_field="number",
    normalize_key=rules.normalize_number,
    list_url_name="standards:standards",
    example=standard_example,
)


# -- enterprise standards applied ----------------------------------------------------------

APPLIED_FIELDS = (
    ImportField("enterprise_uscc", _("enterprise USCC"), True, ("统一社会信用代码", "uscc")),
    ImportField("product_code", _("product code"), True, ("产品代码",),
                help=_("The code of the product in the catalogue; the enterprise must make it.")),
    ImportField("standard_number", _("standard number"), True, ("执行标准", "标准号"),
                help=_("A standard registered under Standards.")),
    ImportField("declared_on", _("self-declared on"), False, ("自我声明公开日期", "公开日期"),
                date_text),
    ImportField("items", _("declared indicators and test methods"), False,
                ("公开的指标及检验方法", "指标及检验方法"),
                help=_("indicator：method, separated by semicolons.")),
)  # fmt: skip


def applied_context(user, records: list[dict]) -> dict:
    enterprises = enterprises_by_uscc(user=user, usccs=(r.get("enterprise_uscc") for r in records))
    ids = [e.pk for e in enterprises.values()]
    made = {(m.enterprise_id, m.product_id): m
            for m in EnterpriseProduct.objects.filter(enterprise_id__in=ids)}  # fmt: skip
    taken = set(EnterpriseStandard.objects.filter(enterprise_id__in=ids)
                .values_list("enterprise_id", "product_id", "standard_id"))  # fmt: skip
    return {"user": user, "enterprises": enterprises, "made": made, "taken": taken}


def applied_example(user) -> dict:
    link = (EnterpriseProduct.objects.visible_to(user).select_related("enterprise", "product")
            .order_by("pk").first())  # fmt: skip
    standard = Standard.objects.visible_to(user).filter(level="national").order_by("pk").first()
    if link is None or standard is None:
        return {}
    return {"enterprise_uscc": link.enterprise.uscc, "product_code": link.product.code,
            "standard_number": standard.number, "declared_on": "2025-03-01",
            "items": "泄漏电流：GB 4706.1 第13章；电气强度：GB 4706.1 第16章"}  # fmt: skip


def _applied_key(record: dict) -> str:
    """The enterprise, product and standard as one key, each written one way."""
    uscc = normalize((record.get("enterprise_uscc") or "").strip())
    product = (record.get("product_code") or "").strip()
    number = rules.normalize_number(record.get("standard_number") or "")
    return " ".join(part for part in (uscc, product, number) if part)


APPLIED_IMPORT = ImportSpec(
    kind="enterprise_standards",
    label=_("enterprise standards applied"),
    permission="standards.add_enterprisestandard",
    model=EnterpriseStandard,
    serializer_class=_checked_by(
        EnterpriseStandardSerializer, enterprise_standard_validate, ("made", "region")
    ),  # fmt: skip
    fields=APPLIED_FIELDS,
    build_context=applied_context,
    commit=typed_commit(EnterpriseStandard, enterprise_standards_bulk_create),
    compound_key=_applied_key,
    compound_label=_("enterprise, product and standard"),
    list_url_name="standards:applied_list",
    example=applied_example,
)
