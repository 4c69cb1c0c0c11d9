"""What the staged importer reads for the quality-infrastructure registries:

- TBT notifications (a CSV or sheet as the WTO's ePing exports it, one row per
  notification), matched to enterprises once imported;
- the scope of testing bodies (one row per product and parameter), for bodies registered.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import RegionCodeField
from zhiliang.core.api.rules import checked_by
from zhiliang.core.choices import RegionLevel
from zhiliang.imports.registry import ImportField, ImportSpec, date_text
from zhiliang.imports.rows import typed_commit
from zhiliang.infrastructure import services
from zhiliang.infrastructure.api.serializers import TbtNoticeSerializer
from zhiliang.infrastructure.models import Laboratory, Notice, ScopeItem

# -- TBT notifications ----------------------------------------------------------------------

NOTICE_FIELDS = (
    ImportField("number", gettext_lazy("notification number"), True,
                ("通报号", "通报编号", "Document symbol", "Symbol"),
                help=gettext_lazy("As the WTO writes it, e.g. G/TBT/N/USA/1234.")),
    ImportField("member", gettext_lazy("notifying member"), True,
                ("通报成员", "成员", "Notifying Member", "Member")),
    ImportField("title", gettext_lazy("title"), True, ("标题", "通报标题", "Title")),
    ImportField("products", gettext_lazy("products covered"), True,
                ("产品", "涵盖产品", "Products covered")),
    ImportField("hs_codes", gettext_lazy("HS codes"), False, ("HS编码", "HS code", "HS codes"),
                help=gettext_lazy("Separated by spaces, commas or semicolons.")),
    ImportField("objective", gettext_lazy("objective and rationale"), False,
                ("目的", "目的和理由", "Objective")),
    ImportField("notified_on", gettext_lazy("notified on"), True,
                ("通报日期", "Date of distribution", "Distribution date"), date_text),
    ImportField("comment_deadline", gettext_lazy("final date for comments"), True,
                ("评议截止日期", "意见截止日期", "Final date for comments"), date_text),
    ImportField("region_code", gettext_lazy("region code"), False, ("区划代码",),
                help=gettext_lazy("The office following it; your own region when empty.")),
)  # fmt: skip


class NoticeImportSerializer(TbtNoticeSerializer):
    """The notification as a sheet gives it: the region defaults to the importer's own."""

    region_code = RegionCodeField(
        source="region", levels=(RegionLevel.CITY, RegionLevel.COUNTY), required=False,
        label=gettext_lazy("region code"),
    )  # fmt: skip

    def validate(self, attrs):
        if attrs.get("region") is None:
            attrs["region"] = self.context["user"].jurisdiction
        return super().validate(attrs)


def notice_context(user, records: list[dict]) -> dict:
    """The numbers recorded already in the importer's region, above it or below it."""
    numbers = {(r.get("number") or "").strip().upper() for r in records} - {""}
    scope = user.jurisdiction
    if scope is None:
        return {"user": user, "taken": set()}
    above = [scope.code[:n] for n in (2, 4, 6, 9) if n < len(scope.code)]
    recorded = Notice.objects.filter(number__in=numbers)
    taken = set(recorded.filter(region__code__in=above).values_list("number", flat=True))
    taken |= set(recorded.in_region(scope.code).values_list("number", flat=True))
    return {"user": user, "taken": taken}


def notice_example(user) -> dict:
    return {
        "number": "G/TBT/N/EU/1234",
        "member": "欧盟",
        "title": "家用电器能效要求",
        "products": "电热水器、电吹风机",
        "hs_codes": "8516.10 8516.31",
        "objective": "保护消费者安全",
        "notified_on": "2025-03-03",
        "comment_deadline": "2025-05-02",
        "region_code": user.jurisdiction.code if user.jurisdiction else "",
    }


NOTICE_IMPORT = ImportSpec(
    kind="tbt_notifications",
    label=gettext_lazy("TBT notifications (WTO)"),
    permission="infrastructure.add_notice",
    model=Notice,
    serializer_class=checked_by(NoticeImportSerializer, services.notice_validate),
    fields=NOTICE_FIELDS,
    build_context=notice_context,
    commit=typed_commit(Notice, services.notices_bulk_create),
    unique_field="number",
    normalize_key=lambda v: v.strip().upper(),
    list_url_name="infrastructure:notices",
    example=notice_example,
)

# -- scope of testing bodies ----------------------------------------------------------------

SCOPE_FIELDS = (
    ImportField("cma_number", gettext_lazy("CMA qualification number"), True,
                ("资质认定证书编号", "CMA编号", "证书编号"),
                help=gettext_lazy("Of a body registered under Testing bodies.")),
    ImportField("product", gettext_lazy("product"), True, ("产品", "检测对象", "类别")),
    ImportField("parameter", gettext_lazy("parameter"), True, ("参数", "检测参数", "项目")),
    ImportField("method", gettext_lazy("test method (standard)"), False,
                ("检测方法", "依据的标准", "方法标准")),
)  # fmt: skip


class ScopeImportSerializer(serializers.ModelSerializer):
    cma_number = serializers.CharField(max_length=20, write_only=True)

    class Meta:
        model = ScopeItem
        fields = ["cma_number", "product", "parameter", "method"]

    def validate_cma_number(self, value):
        lab = self.context["laboratories"].get(value.strip())
        if lab is None:
            raise serializers.ValidationError(
                _("No testing body of your jurisdiction has CMA number %(n)s.") % {"n": value}
            )
        return lab

    def validate(self, attrs):
        attrs["laboratory"] = attrs.pop("cma_number")
        return attrs


def _scope_validate(*, data, instance=None, context=None):
    return services.scope_validate(data=data, context=context)


def scope_context(user, records: list[dict]) -> dict:
    numbers = {(r.get("cma_number") or "").strip() for r in records} - {""}
    labs = Laboratory.objects.managed_by(user).filter(cma_number__in=numbers)
    by_number = {lab.cma_number: lab for lab in labs.select_related("region", "organization")}
    taken = set(
        ScopeItem.objects.filter(laboratory__in=by_number.values()).values_list(
            "laboratory_id", "product", "parameter"
        )
    )
    return {"user": user, "laboratories": by_number, "taken": taken}


def scope_example(user) -> dict:
    lab = Laboratory.objects.managed_by(user).order_by("pk").first()
    if lab is None:
        return {}
    return {"cma_number": lab.cma_number, "product": "电热水壶", "parameter": "泄漏电流",
            "method": "GB 4706.1-2005"}  # fmt: skip


def scope_commit(actor, rows: list[dict]) -> int:
    return services.scope_bulk_create(actor=actor, rows=rows)


SCOPE_IMPORT = ImportSpec(
    kind="testing_body_scope",
    label=gettext_lazy("scope of testing bodies (parameters)"),
    permission="infrastructure.add_scopeitem",
    model=ScopeItem,
    serializer_class=checked_by(ScopeImportSerializer, _scope_validate),
    fields=SCOPE_FIELDS,
    build_context=scope_context,
    commit=scope_commit,
    compound_key=lambda r: " ".join(
        (r.get(k) or "").strip() for k in ("cma_number", "product", "parameter")
    ).strip(),
    compound_label=gettext_lazy("CMA number, product and parameter"),
    list_url_name="infrastructure:laboratories",
    example=scope_example,
)

IMPORTS = (NOTICE_IMPORT, SCOPE_IMPORT)
