"""The staged importer for title holders of earlier years (名牌产品, 质量奖, … granted before
the platform): one row per title, by the enterprise's USCC, with kind, level, year,
validity and certificate number.

Refused with reasons, nothing half imported: an enterprise not in the registry of the
importer's jurisdiction (answered as not found), an unknown kind or level, validity ending
before it starts, a year in the future, a certificate number repeated in the file or
registered already."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from simple_history.utils import bulk_create_with_history

from zhiliang.core.api.fields import ScopedUsccField
from zhiliang.core.api.rules import checked_by
from zhiliang.core.guards import require_perm
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.imports.rows import chunked
from zhiliang.recognition import rules
from zhiliang.recognition.choices import HolderKind, HolderStatus
from zhiliang.recognition.models import Holder

_LOOKED_UP = ["enterprise", "region", "application", "renews"]


class HolderImportSerializer(serializers.Serializer):
    enterprise_uscc = ScopedUsccField(source="enterprise", label=gettext_lazy("enterprise USCC"))
    kind = serializers.CharField(max_length=16)
    level = serializers.CharField(max_length=16)
    product = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    grade = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    year = serializers.IntegerField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    certificate_number = serializers.CharField(max_length=64)


def holder_import_validate(*, data: dict, instance=None, context=None) -> Holder:
    """The would-be holder of an imported row, checked (nothing saved). `context` carries
    the certificate numbers registered already (`taken`)."""
    context = context or {}
    holder = Holder(**data)
    errors = {}
    try:
        holder.full_clean(exclude=_LOOKED_UP, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict) if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    today = timezone.localdate()
    if holder.year and holder.year > today.year:
        errors.setdefault("year", []).append(_("The year is in the future."))
    if holder.valid_from and holder.valid_from > today:
        errors.setdefault("valid_from", []).append(
            _("A title of an earlier year is not granted in the future.")
        )
    if holder.year and holder.valid_from and holder.valid_from.year < holder.year:
        errors.setdefault("valid_from", []).append(
            _("The title cannot be valid before the year it was granted.")
        )
    number = holder.certificate_number.strip()
    if number in context.get("taken", ()):
        errors["certificate_number"] = [
            _("Certificate number %(n)s is already registered.") % {"n": number}
        ]
    if errors:
        raise ValidationError(errors)
    return holder


def holder_import_context(user, records: list[dict]) -> dict:
    numbers = {(r.get("certificate_number") or "").strip() for r in records} - {""}
    taken = set(chunked(Holder.objects.all(), "certificate_number", numbers, "certificate_number"))
    usccs = (r.get("enterprise_uscc") for r in records)
    enterprises = enterprises_by_uscc(user=user, usccs=usccs)
    return {"user": user, "taken": taken, "enterprises": enterprises}


def holder_import_commit(actor, rows: list[dict]) -> int:
    """Insert the checked rows with history; the region is the enterprise's. A title whose
    validity has ended is entered as expired."""
    require_perm(actor, "recognition.add_holder")
    regions = dict(
        Enterprise.objects.filter(pk__in={r["enterprise_id"] for r in rows}).values_list(
            "pk", "region_id"
        )
    )
    today = timezone.localdate()
    holders = []
    for row in rows:
        until = date.fromisoformat(row["valid_until"])
        holders.append(
            Holder(
                **{**row, "certificate_number": row["certificate_number"].strip()},
                region_id=regions[row["enterprise_id"]],
                status=HolderStatus.EXPIRED if until < today else HolderStatus.VALID,
            )
        )
    bulk_create_with_history(
        holders, Holder, batch_size=2000, default_user=actor, default_change_reason="import"
    )
    return len(holders)


def holder_import_example(user) -> dict:
    enterprise = Enterprise.objects.visible_to(user).order_by("pk").first()
    if enterprise is None:
        return {}
    year = timezone.localdate().year - 2
    return {
        "enterprise_uscc": enterprise.uscc,
        "kind": "brand",
        "level": "provincial",
        "product": _("electric kettle"),
        "year": str(year),
        "valid_from": f"{year}-01-01",
        "valid_until": f"{year + 3}-12-31",
        "certificate_number": f"JSMP-{year}-0001",
    }


def _words(choices) -> dict[str, str]:
    words = {}
    for code, label in choices:
        words[code], words[str(label)] = code, code
    return words


def _level_words() -> dict[str, str]:
    """Level codes and their Chinese and English names, from the rules yaml."""
    words = {}
    for code, names in rules.rule_texts()["level_names"].items():
        words[code] = code
        for key in ("name", "name_en"):
            if names.get(key):
                words[names[key]] = code
    return words


_KIND_WORDS = {
    **_words(HolderKind.choices),
    "名牌产品": "brand",
    "质量奖": "award",
    "提名奖": "nomination",
    "卓越绩效导入": "excellence",
    "质量信用等级": "credit_grade",
    "标准化良好行为": "standardization",
}

FIELDS = (
    ImportField(
        "enterprise_uscc",
        gettext_lazy("enterprise USCC"),
        True,
        ("统一社会信用代码", "信用代码", "uscc"),
    ),
    ImportField(
        "kind", gettext_lazy("kind"), True, ("称号类别", "类别", "类型"), choice_parser(_KIND_WORDS)
    ),
    ImportField(
        "level", gettext_lazy("level"), True, ("级别", "层级"), choice_parser(_level_words())
    ),
    ImportField("product", gettext_lazy("product"), False, ("产品", "产品名称", "名牌产品")),
    ImportField("grade", gettext_lazy("grade"), False, ("等级", "信用等级")),
    ImportField("year", gettext_lazy("year"), True, ("年度", "获评年度", "年份")),
    ImportField(
        "valid_from", gettext_lazy("valid from"), True, ("有效期起", "起始日期"), date_text
    ),
    ImportField(
        "valid_until", gettext_lazy("valid until"), True, ("有效期至", "截止日期"), date_text
    ),
    ImportField(
        "certificate_number",
        gettext_lazy("certificate number"),
        True,
        ("证书编号", "证书号"),
    ),
)

HOLDER_IMPORT = ImportSpec(
    kind="recognition_holders",
    label=gettext_lazy("title holders of earlier years"),
    permission="recognition.add_holder",
    model=Holder,
    serializer_class=checked_by(HolderImportSerializer, holder_import_validate),
    fields=FIELDS,
    build_context=holder_import_context,
    commit=holder_import_commit,
    unique_field="certificate_number",
    example=holder_import_example,
    list_url_name="recognition:holders",
)
