"""Laboratory result sheets (检验结果汇总表) through the staged importer.

One row per sample (样品): the sample number, the plan, the producer's USCC, the product, the
sampling and report dates, the overall verdict (检验结论), the tested items (检验项目, names
separated by 、 ; ， or new lines) and the failed items (不合格项目). Every item named under
"failed items" fails; every other tested item passes. A row is rejected, with its reason, when

- the USCC names no enterprise of the importer's jurisdiction (or is not a valid USCC);
- a date does not exist (2025-02-30) or lies in the future, or the report precedes the sampling;
- the sample number appears twice in the file or is registered already;
- the verdict contradicts the items: 合格 with failed items, or 不合格 without any;
- the plan or product is unknown.

Nothing is saved until the user confirms; then every valid row is saved in one transaction
(through `services.sample_record`, which checks everything again), or none.
"""

import re
import unicodedata
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from rest_framework import serializers

from zhiliang.core.validators import not_in_future
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.enterprises.uscc import normalize
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.inspections import selectors, services
from zhiliang.inspections.choices import SamplePlace, Verdict
from zhiliang.inspections.models import Sample

VERDICT_WORDS = {
    "合格": Verdict.PASS, "pass": Verdict.PASS, "passed": Verdict.PASS, "符合": Verdict.PASS,
    "不合格": Verdict.FAIL, "fail": Verdict.FAIL, "failed": Verdict.FAIL, "不符合": Verdict.FAIL,
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
_SPLIT = re.compile(r"[、;；,，\n]+")
_DATE_ERROR = gettext_lazy(
    "Not a valid date: write year-month-day, e.g. 2025-05-13, and check that the day exists "
    "in that month."
)


def split_items(text: str) -> list[str]:
    """'铅、镉；标签' → ['铅', '镉', '标签'] (full-width folded, duplicates dropped, order kept)."""
    text = unicodedata.normalize("NFKC", text or "")
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        part = part.strip()
        if part and part not in ("/", "-", "无", "—"):
            seen.setdefault(part, None)
    return list(seen)


class SampleResultImportSerializer(serializers.Serializer):
    """Checks one row of a result sheet. The importer passes caches in the context (plans,
    enterprises, products, registered sample numbers), so a sheet costs a few queries."""

    sample_number = serializers.CharField(max_length=40, label=gettext_lazy("sample number"))
    plan = serializers.CharField(max_length=200, label=pgettext_lazy("sampling", "plan"))
    uscc = serializers.CharField(max_length=40, label=gettext_lazy("USCC"))
    product = serializers.CharField(max_length=100, label=gettext_lazy("product"))
    brand = serializers.CharField(max_length=100, required=False, allow_blank=True)
    model = serializers.CharField(max_length=100, required=False, allow_blank=True)
    batch = serializers.CharField(max_length=64, required=False, allow_blank=True)
    sampled_on = serializers.DateField(error_messages={"invalid": _DATE_ERROR})
    tested_on = serializers.DateField(required=False, error_messages={"invalid": _DATE_ERROR})
    place = serializers.ChoiceField(choices=SamplePlace.choices, required=False)
    verdict = serializers.ChoiceField(
        choices=[(Verdict.PASS, Verdict.PASS.label), (Verdict.FAIL, Verdict.FAIL.label)],
        error_messages={"invalid_choice": gettext_lazy("Write 合格 or 不合格, not “{input}”.")},
    )
    tested_items = serializers.CharField(required=False, allow_blank=True)
    failed_items = serializers.CharField(required=False, allow_blank=True)

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

    def validate_sampled_on(self, value):
        not_in_future(value, _("The sampling date"))
        return value

    def validate_tested_on(self, value):
        not_in_future(value, _("The report date"))
        return value

    def validate(self, attrs):
        tested = split_items(attrs.pop("tested_items", ""))
        failed = split_items(attrs.pop("failed_items", ""))
        if attrs.get("tested_on") and attrs["tested_on"] < attrs["sampled_on"]:
            raise serializers.ValidationError(
                _("The report date %(t)s precedes the sampling date %(s)s.")
                % {"t": attrs["tested_on"], "s": attrs["sampled_on"]}
            )
        if attrs["verdict"] == Verdict.PASS and failed:
            raise serializers.ValidationError(
                _("The verdict is 合格 (pass) but items failed: %(i)s.") % {"i": "、".join(failed)}
            )
        if attrs["verdict"] == Verdict.FAIL and not failed:
            raise serializers.ValidationError(
                _("The verdict is 不合格 (fail) but no failed item is named.")
            )
        if attrs["verdict"] == Verdict.PASS and not tested:
            raise serializers.ValidationError(
                _("The verdict is 合格 (pass) but no tested item is named.")
            )
        names = tested + [f for f in failed if f not in tested]
        attrs["items"] = [
            {"item": n, "verdict": Verdict.FAIL if n in failed else Verdict.PASS} for n in names
        ]
        attrs["plan_id"] = attrs.pop("plan").pk
        enterprise = attrs.pop("uscc")
        attrs["enterprise_id"] = enterprise.pk
        product = attrs.pop("product")
        attrs["product_id"] = product.pk
        if not self.context["plan_regions"][attrs["plan_id"]].contains(enterprise.region):
            raise serializers.ValidationError(
                _("The enterprise lies outside the plan's jurisdiction.")
            )
        return attrs


FIELDS = (
    ImportField(
        "sample_number",
        gettext_lazy("sample number"),
        True,
        ("样品编号", "抽样单编号", "抽样编号", "样品编码", "报告编号", "sample no"),
    ),
    ImportField(
        "plan",
        pgettext_lazy("sampling", "plan"),
        True,
        ("抽查计划", "计划", "计划编号", "任务来源"),
        help=PLAN_HELP,
    ),
    ImportField(
        "uscc",
        gettext_lazy("USCC"),
        True,
        ("统一社会信用代码", "社会信用代码", "信用代码", "生产企业统一社会信用代码"),
        help=USCC_HELP,
    ),
    ImportField(
        "product",
        gettext_lazy("product"),
        True,
        ("产品名称", "产品", "产品代码", "样品名称", "product name"),
        help=PRODUCT_HELP,
    ),
    ImportField("brand", gettext_lazy("brand"), False, ("商标", "品牌", "trademark")),
    ImportField(
        "model", gettext_lazy("model / specification"), False, ("规格型号", "型号", "规格")
    ),
    ImportField(
        "batch",
        gettext_lazy("batch or production date"),
        False,
        ("生产日期/批号", "生产日期", "批号", "批次", "batch"),
    ),
    ImportField(
        "sampled_on",
        gettext_lazy("sampled on"),
        True,
        ("抽样日期", "抽样时间", "sampling date"),
        date_text,
    ),
    ImportField(
        "tested_on",
        gettext_lazy("test report date"),
        False,
        ("检验日期", "报告日期", "签发日期", "report date"),
        date_text,
    ),
    ImportField(
        "place", gettext_lazy("place"), False, ("抽样环节", "环节"), choice_parser(PLACE_WORDS)
    ),
    ImportField(
        "verdict",
        gettext_lazy("verdict"),
        True,
        ("检验结论", "结论", "判定结论", "检验结果", "result"),
        choice_parser(VERDICT_WORDS),
    ),
    ImportField(
        "tested_items",
        gettext_lazy("tested items"),
        False,
        ("检验项目", "检测项目", "tested items"),
    ),
    ImportField(
        "failed_items",
        gettext_lazy("failed items"),
        False,
        ("不合格项目", "主要不合格项目", "不合格项目名称", "failed items"),
    ),
)


def build_context(user, records: list[dict]) -> dict:
    """Look-ups for the whole sheet: a handful of queries, not one per row."""
    usccs = sorted({normalize(r.get("uscc", "")) for r in records} - {""})
    enterprises: dict[str, Enterprise] = {}
    visible = Enterprise.objects.visible_to(user).select_related("region")
    for start in range(0, len(usccs), 5000):
        for e in visible.filter(uscc__in=usccs[start : start + 5000]):
            enterprises[e.uscc] = e
    numbers = sorted({(r.get("sample_number") or "").strip() for r in records} - {""})
    taken: set[str] = set()
    for start in range(0, len(numbers), 5000):
        taken.update(
            Sample.objects.filter(sample_number__in=numbers[start : start + 5000]).values_list(
                "sample_number", flat=True
            )
        )
    plans, plan_regions = {}, {}
    for plan in selectors.plans_open_to(user).exclude(status="closed").select_related("region"):
        plans.setdefault(str(plan.pk), plan)
        plans.setdefault(plan.name, plan)
        plan_regions[plan.pk] = plan.region
    products = {}
    for p in Product.objects.filter(parent__isnull=False):
        products[p.code] = p
        products.setdefault(p.name, p)
    return {
        "user": user,
        "enterprises": enterprises,
        "taken": taken,
        "plans": plans,
        "plan_regions": plan_regions,
        "products": products,
    }


def example(user) -> dict:
    """The first open plan of the user, an enterprise inside its region, a product of its
    quotas (or of the catalogue) and a sample number not yet registered."""
    plan = selectors.plans_open_to(user).exclude(status="closed").select_related("region")
    plan = plan.order_by("pk").first()
    if plan is None:
        return {}
    firm = (
        Enterprise.objects.visible_to(user)
        .filter(region__code__startswith=plan.region.code)
        .order_by("pk")
        .first()
    )
    leaves = Product.objects.filter(parent__isnull=False)
    product = leaves.filter(pk__in=plan.quotas.values("product")).first() or leaves.first()
    if firm is None or product is None:
        return {}
    numbers = [f"EX-{plan.pk}-{n:04d}" for n in range(1, 51)]
    taken = set(
        Sample.objects.filter(sample_number__in=numbers).values_list("sample_number", flat=True)
    )
    today = timezone.localdate()
    return {
        "sample_number": next((n for n in numbers if n not in taken), ""),
        "plan": plan.name,
        "uscc": firm.uscc,
        "product": product.code,
        "sampled_on": (today - timedelta(days=20)).isoformat(),
        "tested_on": (today - timedelta(days=5)).isoformat(),
        "place": SamplePlace.PRODUCTION,
        "verdict": Verdict.PASS,
        "tested_items": "、".join([_("marking"), _("appearance")]),
    }


def commit(actor, rows: list[dict]) -> int:
    """Record every row through the sampling service; any error undoes the whole import."""
    from zhiliang.inspections.models import SamplingPlan

    plans = SamplingPlan.objects.in_bulk({r["plan_id"] for r in rows})
    enterprises = Enterprise.objects.select_related("region").in_bulk(
        {r["enterprise_id"] for r in rows}
    )
    products = Product.objects.in_bulk({r["product_id"] for r in rows})
    for row in rows:
        data = {
            k: row[k]
            for k in (
                "sample_number",
                "brand",
                "model",
                "batch",
                "sampled_on",
                "tested_on",
                "place",
            )
            if row.get(k) not in (None, "")
        }
        data["verdict"] = row["verdict"]
        services.sample_record(
            actor=actor,
            plan=plans[row["plan_id"]],
            enterprise=enterprises[row["enterprise_id"]],
            product=products[row["product_id"]],
            data=data,
            test_items=row["items"],
        )
    return len(rows)


SAMPLE_IMPORT = ImportSpec(
    kind="samples",
    label=gettext_lazy("laboratory results (samples)"),
    permission="inspections.add_sample",
    model=Sample,
    serializer_class=SampleResultImportSerializer,
    fields=FIELDS,
    build_context=build_context,
    commit=commit,
    unique_field="sample_number",
    list_url_name="inspections:samples",
    example=example,
    examples={
        "help": gettext_lazy(
            "One row per sample. Name every tested item under “tested items” and the failed "
            "ones under “failed items” (separate names with 、 or ;). The verdict must agree: "
            "合格 with no failed item, 不合格 with at least one. Unknown USCCs, impossible or "
            "future dates and sample numbers already registered are rejected row by row."
        )
    },
)
