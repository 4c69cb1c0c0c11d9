"""The staged importer for foreign recalls (a CSV or xlsx of notices: EU Safety Gate, CPSC,
other): one row per notice, recorded for the importing office's jurisdiction, each one's
matches to enterprises proposed as it is saved. A source not in the list, a date in the
future, a reference recorded already (or twice in the file), a bad USCC or HS code: the row
is refused with its reason, and nothing of the file is saved until every row is good."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from simple_history.utils import bulk_create_with_history

from zhiliang.cases import foreign_rules
from zhiliang.cases.foreign_models import ForeignRecall
from zhiliang.cases.foreign_services import (
    FIELDS,
    foreign_recall_match,
    foreign_recall_validate,
)
from zhiliang.core.api.rules import checked_by
from zhiliang.core.guards import require_perm
from zhiliang.enterprises.models import Product
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import chunked


class ForeignRecallImportSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Product.objects.filter(parent__isnull=False),
        required=False,
        allow_null=True,
    )
    source = serializers.CharField(max_length=24)
    hazard = serializers.CharField(max_length=32)

    class Meta:
        model = ForeignRecall
        fields = list(FIELDS)  # what the service takes
        validators = []


def foreign_context(user, records: list[dict]) -> dict:
    words = foreign_rules.source_words()
    keys = {
        (words.get(str(r.get("source") or "").lower().replace(" ", ""), r.get("source")),
         str(r.get("reference") or "").strip())
        for r in records
    }  # fmt: skip
    references = {ref for _s, ref in keys if ref}
    recalls = ForeignRecall.objects.all()
    taken = set(chunked(recalls, "reference", references, "source", "reference"))
    return {"user": user, "taken": taken}


def foreign_commit(actor, rows: list[dict]) -> int:
    """Insert the checked notices with their history, then propose their matches; all or
    nothing (the importer's transaction)."""
    require_perm(actor, "cases.add_foreignrecall")
    region = actor.jurisdiction
    if region is None:
        raise ValidationError(_("Your account has no jurisdiction to record a notice for."))
    keys = [(r["source"], r["reference"]) for r in rows]
    taken = ForeignRecall.objects.filter(reference__in=[k[1] for k in keys]).values_list(
        "source", "reference"
    )
    again = set(taken) & set(keys)
    if again:
        raise ValidationError(
            _("Notices recorded since the file was checked: %(n)s. Check the file again.")
            % {"n": ", ".join(ref for _s, ref in sorted(again)[:10])}
        )
    notices = []
    for row in rows:
        row = dict(row)
        day = row.pop("notified_on")
        notices.append(
            ForeignRecall(
                **row,
                notified_on=date.fromisoformat(day) if isinstance(day, str) else day,
                region=region,
                office=actor.organization,
                created_by=actor,
            )
        )
    bulk_create_with_history(
        notices, ForeignRecall, batch_size=2000, default_user=actor, default_change_reason="import"
    )
    for notice in notices:
        foreign_recall_match(recall=notice, actor=actor)
    return len(notices)


def foreign_example(user) -> dict:
    product = Product.objects.filter(parent__isnull=False).order_by("code").first()
    day = timezone.localdate().replace(day=1)
    return {
        "source": "EU Safety Gate",
        "reference": f"A12/{day:%Y}-{day:%m}01",
        "notified_on": day.isoformat(),
        "product_description": _("Electric kettle"),
        "brand": "Sunny",
        "model": "SK-1701",
        "manufacturer": "Ningbo Sunny Electric Co., Ltd.",
        "country": _("Germany"),
        "hazard": "electric",
        "hs_code": "851671",
        "product": product.code if product else "",
    }


def _hazard_words() -> dict[str, str]:
    from zhiliang.risk.rules import hazard_words

    return hazard_words()


FIELDS = (
    ImportField(
        "source",
        gettext_lazy("source of the notice"),
        True,
        ("来源", "通报来源", "信息来源", "source"),
        choice_parser(foreign_rules.source_words()),
    ),
    ImportField(
        "reference", gettext_lazy("reference number"), True, ("通报编号", "编号", "召回编号")
    ),
    ImportField(
        "notified_on",
        gettext_lazy("published on"),
        True,
        ("发布日期", "通报日期", "日期", "date"),
        date_text,
    ),
    ImportField(
        "product_description",
        gettext_lazy("product description"),
        True,
        ("产品描述", "产品名称", "产品", "product"),
    ),
    ImportField("brand", gettext_lazy("brand"), False, ("品牌", "商标", "brand")),
    ImportField("model", gettext_lazy("model or type"), False, ("型号", "型号规格", "model")),
    ImportField(
        "manufacturer",
        gettext_lazy("manufacturer's name"),
        True,
        ("生产企业", "制造商", "生产者", "manufacturer"),
    ),
    ImportField(
        "uscc", gettext_lazy("manufacturer's USCC"), False, ("统一社会信用代码", "信用代码")
    ),
    ImportField(
        "country", gettext_lazy("country of the recall"), True, ("国家", "召回国家", "country")
    ),
    ImportField(
        "hazard",
        gettext_lazy("hazard"),
        True,
        ("危害", "风险类型", "危害类型", "hazard", "risk type"),
        choice_parser(_hazard_words()),
    ),
    ImportField("hs_code", gettext_lazy("HS code"), False, ("HS编码", "海关编码", "hs code")),
    ImportField(
        "product",
        gettext_lazy("product of the catalogue (code)"),
        False,
        ("产品代码", "目录产品代码"),
    ),
)

FOREIGN_IMPORT = ImportSpec(
    kind="foreign_recalls",
    label=gettext_lazy("foreign recalls"),
    permission="cases.add_foreignrecall",
    model=ForeignRecall,
    serializer_class=checked_by(ForeignRecallImportSerializer, foreign_recall_validate),
    fields=FIELDS,
    build_context=foreign_context,
    commit=foreign_commit,
    compound_key=lambda r: f"{r.get('source') or ''}|{(r.get('reference') or '').strip()}",
    compound_label=gettext_lazy("source and reference number"),
    example=foreign_example,
    list_url_name="cases:foreign-list",
)
