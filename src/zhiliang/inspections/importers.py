"""Laboratory result sheets (检验结果汇总表) through the staged importer.

One row per test item (检验项目), as a laboratory's report lists them: the item, its standard
and clause, the requirement or limit, the measured value and unit, and the item's verdict
(单项判定). The sample's columns (number, plan, producer's USCC, product, dates, laboratory,
stated verdict …) are given on its first row; its further rows repeat the sample number and
may repeat the other columns or leave them empty (cells merged down a sample read the same).
A sample with no test item yet takes one row with the item columns empty.

The sample's verdict follows from its items by the one rule (`services.overall_verdict`:
any failed item fails it, all passed pass it); a stated verdict (检验结论) must agree.
All rows of a sample are rejected together, each with its reason and row numbers, when

- the USCC names no enterprise of the importer's jurisdiction (or is not a valid USCC);
- a date does not exist (2025-02-30) or lies in the future, or the report precedes the sampling;
- the sample number is registered already, or a row names no sample;
- an item's verdict is unknown or missing, or item cells are filled without the item's name;
- its rows disagree on a column of the sample, or its items contradict its stated verdict;
- it has more test items than a sample may have;
- the plan, product or laboratory is unknown.

Nothing is saved until the user confirms; then every valid sample is saved in one
transaction (through `services.sample_record`, which checks everything again), or none.
"""

import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from rest_framework import serializers

from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.core.validators import not_in_future
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.enterprises.uscc import normalize
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import chunked
from zhiliang.infrastructure.services.laboratories import laboratory_refusal
from zhiliang.inspections import importer_rows, selectors, services
from zhiliang.inspections.choices import SamplePlace, Verdict
from zhiliang.inspections.models import Sample

VERDICT_WORDS = {
    "合格": Verdict.PASS, "pass": Verdict.PASS, "passed": Verdict.PASS, "符合": Verdict.PASS,
    "不合格": Verdict.FAIL, "fail": Verdict.FAIL, "failed": Verdict.FAIL, "不符合": Verdict.FAIL,
}  # fmt: skip
# An item may still await its result (the form's 待检); a sample's stated verdict may not.
ITEM_VERDICT_WORDS = {
    **VERDICT_WORDS, "待检": Verdict.PENDING, "待定": Verdict.PENDING, "pending": Verdict.PENDING,
}  # fmt: skip
PLACE_WORDS = {
    "生产": SamplePlace.PRODUCTION, "生产环节": SamplePlace.PRODUCTION,
    "生产企业": SamplePlace.PRODUCTION, "production": SamplePlace.PRODUCTION,
    "流通": SamplePlace.RETAIL, "流通环节": SamplePlace.RETAIL, "销售": SamplePlace.RETAIL,
    "销售环节": SamplePlace.RETAIL, "retail": SamplePlace.RETAIL,
}  # fmt: skip
USCC_HELP = gettext_lazy(
    "The USCC of an enterprise registered in your jurisdiction (the enterprise list shows it)."
)
PLAN_HELP = gettext_lazy("Name or number of an open sampling plan of yours.")
PRODUCT_HELP = gettext_lazy("Product code or name of the product catalogue.")
NUMBER_HELP = gettext_lazy(
    "On every row: the rows of one sample (one row per test item) share its number."
)
LAB_HELP = gettext_lazy("Name of an inspection body (检验机构) you may name.")
SAMPLE_VERDICT_HELP = gettext_lazy(
    "May be left empty: the verdict follows from the test items. If given, it must agree "
    "with them (any failed item fails the sample)."
)
ITEM_HELP = gettext_lazy(
    "One test item per row; leave empty on a sample's only row if its items are not known yet."
)
ITEM_VERDICT_HELP = gettext_lazy("Required for every test item.")
_DATE_ERROR = gettext_lazy(
    "Not a valid date: write year-month-day, e.g. 2025-05-13, and check that the day exists "
    "in that month."
)
# The cells of a test item besides its name; filled without a name they are an error.
ITEM_DETAILS = ("standard", "clause", "requirement", "measured_value", "unit", "item_verdict")


def _text(max_length, label):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, label=label
    )


class SampleResultImportSerializer(serializers.Serializer):
    """Checks one row of a result sheet: the sample's columns and one test item. The
    importer passes caches in the context (plans, enterprises, products, laboratories,
    registered sample numbers), so a sheet costs a few queries; `items.check_together`
    then checks each sample's rows as a whole."""

    sample_number = serializers.CharField(
        max_length=40,
        label=gettext_lazy("sample number"),
        error_messages={
            "required": gettext_lazy(
                "This row names no sample: write the sample number on every row, also on "
                "the rows of a sample's further test items."
            )
        },
    )
    plan = serializers.CharField(max_length=200, label=pgettext_lazy("sampling", "plan"))
    uscc = serializers.CharField(max_length=40, label=gettext_lazy("USCC"))
    product = serializers.CharField(max_length=100, label=gettext_lazy("product"))
    brand = serializers.CharField(max_length=100, required=False, allow_blank=True)
    model = serializers.CharField(max_length=100, required=False, allow_blank=True)
    batch = serializers.CharField(max_length=64, required=False, allow_blank=True)
    sampled_on = serializers.DateField(error_messages={"invalid": _DATE_ERROR})
    tested_on = serializers.DateField(required=False, error_messages={"invalid": _DATE_ERROR})
    place = serializers.ChoiceField(choices=SamplePlace.choices, required=False)
    test_units = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    backup_units = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    laboratory = serializers.CharField(max_length=200, required=False, allow_blank=True)
    verdict = serializers.ChoiceField(
        choices=[(Verdict.PASS, Verdict.PASS.label), (Verdict.FAIL, Verdict.FAIL.label)],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Write 合格 or 不合格, not “{input}”.")},
    )
    item = _text(128, gettext_lazy("test item"))
    standard = _text(64, gettext_lazy("standard"))
    clause = _text(32, gettext_lazy("clause"))
    requirement = _text(255, gettext_lazy("requirement or limit"))
    measured_value = _text(128, gettext_lazy("measured value"))
    unit = _text(32, gettext_lazy("unit"))
    item_verdict = serializers.ChoiceField(
        choices=Verdict.choices,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Write 合格, 不合格 or 待检, not “{input}”.")
        },
    )

    def validate_sample_number(self, value):
        value = value.strip()
        if value in self.context["taken"]:
            raise serializers.ValidationError(
                _("Sample number %(n)s is registered already.") % {"n": value}
            )
        return value

    def validate_plan(self, value):
        plans = self.context["plans"]
        plan = plans.get(value.strip())
        if plan is None:
            raise serializers.ValidationError(
                _("No open sampling plan of yours is called or numbered “%(p)s”.") % {"p": value}
            )
        return plan

    def validate_uscc(self, value):
        code = normalize(value)
        enterprise = self.context["enterprises"].get(code)
        if enterprise is None:
            # An enterprise outside the jurisdiction answers like a missing one.
            raise serializers.ValidationError(
                _("No enterprise with USCC %(c)s is registered in your jurisdiction.") % {"c": code}
            )
        return enterprise

    def validate_product(self, value):
        product = self.context["products"].get(value.strip())
        if product is None:
            raise serializers.ValidationError(
                _("Unknown product “%(p)s”: give a product code or name of the catalogue.")
                % {"p": value}
            )
        return product

    def validate_laboratory(self, value):
        value = unicodedata.normalize("NFKC", value).strip()
        if not value:
            return None
        lab = self.context["laboratories"].get(value)
        if lab is None:
            # Another region's body, or one that is not an inspection body: as if missing.
            raise serializers.ValidationError(
                _("No inspection body you may name is called “%(l)s”.") % {"l": value}
            )
        return lab

    def validate_sampled_on(self, value):
        not_in_future(value, _("The sampling date"))
        return value

    def validate_tested_on(self, value):
        not_in_future(value, _("The report date"))
        return value

    def validate(self, attrs):
        if attrs.get("tested_on") and attrs["tested_on"] < attrs["sampled_on"]:
            raise serializers.ValidationError(
                _("The report date %(t)s precedes the sampling date %(s)s.")
                % {"t": attrs["tested_on"], "s": attrs["sampled_on"]}
            )
        attrs["test_item"] = _test_item(attrs)
        attrs["plan_id"] = attrs.pop("plan").pk
        enterprise = attrs.pop("uscc")
        attrs["enterprise_id"] = enterprise.pk
        product = attrs.pop("product")
        attrs["product_id"] = product.pk
        lab = attrs.pop("laboratory", None)
        if lab is not None:
            refusal = laboratory_refusal(lab, attrs["sampled_on"])
            if refusal:
                raise serializers.ValidationError({"laboratory": refusal})
            attrs["laboratory_id"] = lab.pk
        if not self.context["plan_regions"][attrs["plan_id"]].contains(enterprise.region):
            raise serializers.ValidationError(
                _("The enterprise lies outside the plan's jurisdiction.")
            )
        return attrs


def _test_item(attrs) -> dict | None:
    """The row's test item as the service takes it, or None for a row without one."""
    name = attrs.pop("item", "").strip()
    details = {k: attrs.pop(k) for k in ITEM_DETAILS if attrs.get(k) not in (None, "")}
    if not name:
        if details:
            raise serializers.ValidationError(
                _("Test item cells are filled but the item has no name: name it or clear them.")
            )
        return None
    if "item_verdict" not in details:
        raise serializers.ValidationError(
            _("Give the verdict of test item “%(i)s”: 合格, 不合格 or 待检.") % {"i": name}
        )
    item = {"item": name, "verdict": details.pop("item_verdict")}
    item.update((k, v.strip()) for k, v in details.items())
    return item


def _field(name, label, required=False, aliases=(), parse=None, help=""):
    return ImportField(name, label, required, aliases, parse, help)


FIELDS = (
    _field(
        "sample_number", gettext_lazy("sample number"), True,
        ("样品编号", "抽样单编号", "抽样编号", "样品编码", "报告编号", "sample no"),
        help=NUMBER_HELP,
    ),
    _field(
        "plan", pgettext_lazy("sampling", "plan"), True,
        ("抽查计划", "计划", "计划编号", "任务来源"), help=PLAN_HELP,
    ),
    _field(
        "uscc", gettext_lazy("USCC"), True,
        ("统一社会信用代码", "社会信用代码", "信用代码", "生产企业统一社会信用代码"),
        help=USCC_HELP,
    ),
    _field(
        "product", gettext_lazy("product"), True,
        ("产品名称", "产品", "产品代码", "样品名称", "product name"), help=PRODUCT_HELP,
    ),
    _field("brand", gettext_lazy("brand"), False, ("商标", "品牌", "trademark")),
    _field("model", gettext_lazy("model / specification"), False, ("规格型号", "型号", "规格")),
    _field(
        "batch", gettext_lazy("batch or production date"), False,
        ("生产日期/批号", "生产日期", "批号", "批次", "batch"),
    ),
    _field(
        "sampled_on", gettext_lazy("sampled on"), True, ("抽样日期", "抽样时间", "sampling date"),
        date_text,
    ),
    _field(
        "tested_on", gettext_lazy("test report date"), False,
        ("检验日期", "报告日期", "签发日期", "report date"), date_text,
    ),
    _field("place", gettext_lazy("place"), False, ("抽样环节", "环节"), choice_parser(PLACE_WORDS)),
    _field("test_units", gettext_lazy("test units"), False, ("检验样品数量", "样品数量")),
    _field("backup_units", gettext_lazy("backup units"), False, ("备用样品数量", "备样数量")),
    _field(
        "laboratory", gettext_lazy("laboratory"), False,
        ("检验机构", "承检机构", "检验单位", "laboratory"), help=LAB_HELP,
    ),
    _field(
        "verdict", gettext_lazy("verdict"), False, ("检验结论", "结论", "判定结论", "result"),
        choice_parser(VERDICT_WORDS), SAMPLE_VERDICT_HELP,
    ),
    _field(
        "item", gettext_lazy("test item"), False,
        ("检验项目", "检测项目", "项目名称", "tested item"), help=ITEM_HELP,
    ),
    _field(
        "standard", gettext_lazy("standard"), False, ("检验依据", "标准", "依据标准", "标准编号"),
    ),
    _field("clause", gettext_lazy("clause"), False, ("条款", "标准条款", "条款号")),
    _field(
        "requirement", gettext_lazy("requirement or limit"), False,
        ("标准要求", "技术要求", "限值", "标准值"),
    ),
    _field(
        "measured_value", gettext_lazy("measured value"), False,
        ("实测值", "检验结果", "实测结果", "检测结果"),
    ),
    _field("unit", gettext_lazy("unit"), False, ("单位", "计量单位")),
    _field(
        "item_verdict", gettext_lazy("item verdict"), False,
        ("单项判定", "单项结论", "项目判定", "判定", "item verdict"),
        choice_parser(ITEM_VERDICT_WORDS), ITEM_VERDICT_HELP,
    ),
)  # fmt: skip


def build_context(user, records: list[dict]) -> dict:
    """Look-ups for the whole sheet: a handful of queries, not one per row."""
    usccs = sorted({normalize(r.get("uscc", "")) for r in records} - {""})
    visible = Enterprise.objects.visible_to(user).select_related("region")
    enterprises = {e.uscc: e for e in chunked(visible, "uscc", usccs)}
    numbers = sorted({(r.get("sample_number") or "").strip() for r in records} - {""})
    taken = set(chunked(Sample.objects.all(), "sample_number", numbers, "sample_number"))
    plans, plan_regions = {}, {}
    for plan in selectors.plans_open_to(user).exclude(status="closed").select_related("region"):
        plans.setdefault(str(plan.pk), plan)
        plans.setdefault(plan.name, plan)
        plan_regions[plan.pk] = plan.region
    products = {}
    for p in Product.objects.filter(parent__isnull=False):
        products[p.code] = p
        products.setdefault(p.name, p)
    laboratories = {}
    labs = referable(Organization, user, services.LABORATORY_KINDS).select_related("laboratory")
    for lab in labs.order_by("pk"):
        laboratories.setdefault(lab.name, lab)
        if lab.short_name:
            laboratories.setdefault(lab.short_name, lab)
    return {
        "user": user,
        "enterprises": enterprises,
        "taken": taken,
        "plans": plans,
        "plan_regions": plan_regions,
        "products": products,
        "laboratories": laboratories,
    }


SAMPLE_IMPORT = ImportSpec(
    kind="samples",
    label=gettext_lazy("laboratory results (samples)"),
    permission="inspections.add_sample",
    model=Sample,
    serializer_class=SampleResultImportSerializer,
    fields=FIELDS,
    build_context=build_context,
    commit=importer_rows.commit,
    unique_field="sample_number",
    list_url_name="inspections:samples",
    example=importer_rows.example,
    complete=importer_rows.complete,
    check_together=importer_rows.check_together,
    examples={
        "help": gettext_lazy(
            "One row per test item, as the laboratory's report lists them: the sample's "
            "columns on its first row, the sample number again on each further item's row. "
            "The verdict follows from the items (any failed item fails the sample); a stated "
            "verdict must agree. A sample with any bad row is rejected whole, with the row "
            "numbers and reasons."
        ),
        "notes": [
            gettext_lazy(
                "One row per test item (检验项目). A sample's columns (from the sample number "
                "to the verdict) are given on its first row; its further rows repeat the "
                "sample number and may leave the other sample columns empty, or repeat them "
                "unchanged. A sample whose items are not known yet takes one row with the "
                "item columns empty."
            ),
            gettext_lazy(
                "The sample's verdict follows from its items: any 不合格 item fails it, all "
                "合格 pass it, otherwise it stays pending (待检). The verdict column may be left "
                "empty; if given it must agree. A sample has at most 200 test items."
            ),
        ],
    },
)
