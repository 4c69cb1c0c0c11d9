"""The staged importer for historical recalls (召回台账): one row per recall, by the
enterprise's USCC and the product's catalogue code, with the decision, the public notice
and, for a finished recall, the closing date and the units corrected.

What the ledger says is entered and nothing is made up: the steps are the decision, the
notice (when given) and the closing (when given); a recall still open stands at the last of
them, and the clocks of the stages it passed without a date are dropped, not shown late.
Refused with reasons: more units corrected than affected, dates out of order or in the
future, an enterprise not in the registry of the importer's jurisdiction, a case number
recorded already or repeated in the file, an unknown origin, method or hazard."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from simple_history.utils import bulk_create_with_history

from zhiliang.cases import recall_rules, rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.clocks import clock_rows
from zhiliang.cases.importers import case_commit_start, case_context, case_row_errors, datetime_text
from zhiliang.cases.models import Case, Deadline, Recall, Step
from zhiliang.cases.recall_services import RECALL_FIELDS
from zhiliang.core.api.fields import ScopedUsccField
from zhiliang.core.api.rules import checked_by
from zhiliang.core.validators import errors_of
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser

PARTICULARS = (*RECALL_FIELDS, "units_corrected")


class RecallImportSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=200)
    enterprise_uscc = ScopedUsccField(source="enterprise", label=gettext_lazy("enterprise USCC"))
    product = serializers.SlugRelatedField(
        slug_field="code", queryset=Product.objects.filter(parent__isnull=False)
    )
    opened_at = serializers.DateTimeField()
    notice_at = serializers.DateTimeField(required=False, allow_null=True)
    closed_at = serializers.DateTimeField(required=False, allow_null=True)
    origin = serializers.CharField(max_length=24)
    defect = serializers.CharField()
    hazard = serializers.CharField(max_length=32)
    batches = serializers.CharField(required=False, allow_blank=True, default="")
    units_affected = serializers.IntegerField()
    units_corrected = serializers.IntegerField(required=False, default=0, min_value=0)
    method = serializers.CharField(max_length=24)
    country = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


def recall_validate(*, data: dict, instance=None, context=None) -> Case:
    """The would-be recall of an imported row, checked (nothing saved). `context` carries
    the importer's `taken` numbers."""
    context = context or {}
    data = dict(data)
    notice, particulars = (
        data.pop("notice_at", None),
        {k: data.pop(k) for k in PARTICULARS if k in data},
    )
    case = Case(kind=CaseKind.RECALL, stage=rules.first_stage(CaseKind.RECALL), **data)
    errors = case_row_errors(case, context)
    try:
        Recall(case=case, **particulars).full_clean(exclude=["case"])
    except ValidationError as exc:
        errors.update(errors_of(exc))
    opened, closed, now = case.opened_at, case.closed_at, timezone.now()
    if notice and (notice > now or (opened and notice < opened)):
        errors["notice_at"] = [_("The notice comes after the decision and not in the future.")]
    if closed and (closed > now or (opened and closed < opened) or (notice and closed < notice)):
        errors["closed_at"] = [
            _("The recall closes after its decision and notice, and not in the future.")
        ]
    if errors:
        raise ValidationError(errors)
    return case


def recall_context(user, records: list[dict]) -> dict:
    return case_context(CaseKind.RECALL, user, records)


def _when(value):
    return datetime.fromisoformat(value) if isinstance(value, str) and value else value


def _passed_unmet(rows: dict, stage: str) -> dict:
    """Without the clocks of stages the recall passed with no date in the ledger."""
    order = [s["code"] for s in rules.stages(CaseKind.RECALL)]
    passed = {f"stage:{s}" for s in order[1 : order.index(stage)]}
    by_code = {c.code: c.met_by for c in rules.clocks(CaseKind.RECALL)}
    return {
        key: row
        for key, row in rows.items()
        if row.met_at is not None or by_code.get(row.kind) not in passed
    }


def recall_commit(actor, rows: list[dict]) -> int:
    """Insert the checked rows with their particulars, steps and clocks, with history."""
    regions = case_commit_start(actor, CaseKind.RECALL, rows)
    office = actor.organization
    cases, recalls, notices = [], [], []
    for row in rows:
        row = dict(row)
        notice = _when(row.pop("notice_at", None))
        particulars = {k: row.pop(k) for k in PARTICULARS if k in row}
        case = Case(
            kind=CaseKind.RECALL,
            region_id=regions[row["enterprise_id"]],
            office=office,
            listing_office=office,
            created_by=actor,
            stage="closed"
            if row.get("closed_at")
            else ("notice_published" if notice else "decided"),
            **{
                **row,
                "opened_at": _when(row["opened_at"]),
                "closed_at": _when(row.get("closed_at")),
            },
        )
        cases.append(case)
        recalls.append(Recall(case=case, **particulars))
        notices.append(notice)
    with transaction.atomic():
        bulk_create_with_history(
            cases, Case, batch_size=2000, default_user=actor, default_change_reason="import"
        )
        for recall, case in zip(recalls, cases, strict=True):
            recall.case = case
        bulk_create_with_history(recalls, Recall, batch_size=2000, default_user=actor)
        steps, deadlines = [], []
        imported = _("imported")
        for case, notice in zip(cases, notices, strict=True):
            events = {"opened": case.opened_at, "stage:decided": case.opened_at}
            steps.append(
                Step(case=case, code="decided", at=case.opened_at, actor=actor, note=imported)
            )
            if notice:
                events["stage:notice_published"] = notice
                steps.append(
                    Step(case=case, code="notice_published", at=notice, actor=actor, note=imported)
                )
            if case.closed_at:
                events["stage:closed"] = case.closed_at
                steps.append(
                    Step(case=case, code="closed", at=case.closed_at, actor=actor, note=imported)
                )
            deadlines.extend(_passed_unmet(clock_rows(case, events), case.stage).values())
        bulk_create_with_history(steps, Step, batch_size=2000, default_user=actor)
        bulk_create_with_history(deadlines, Deadline, batch_size=2000, default_user=actor)
    return len(cases)


def recall_example(user) -> dict:
    enterprise = Enterprise.objects.visible_to(user).order_by("pk").first()
    product = Product.objects.filter(parent__isnull=False).order_by("code").first()
    if enterprise is None or product is None:
        return {}
    day = date(timezone.localdate().year - 1, 3, 2)
    return {
        "number": f"ZH-LS-{day:%Y%m%d}-1",
        "title": _("Recall of electric kettles"),
        "enterprise_uscc": enterprise.uscc,
        "product": product.code,
        "opened_at": f"{day.isoformat()} 09:00",
        "notice_at": f"{day.replace(day=6).isoformat()} 10:00",
        "closed_at": day.replace(month=12).isoformat(),
        "origin": "defect_report",
        "defect": _("The thermostat fails; the kettle boils dry."),
        "hazard": "fire",
        "units_affected": "12000",
        "units_corrected": "9100",
        "method": "direct",
    }


def _hazards() -> dict[str, str]:
    from zhiliang.risk.rules import hazard_words

    return hazard_words()


def _words(choices) -> dict[str, str]:
    words = {}
    for code, label in choices:
        words[code], words[str(label)] = code, code
    return words


FIELDS = (
    ImportField("number", gettext_lazy("case number"), True, ("召回编号", "编号", "案件编号")),
    ImportField("title", gettext_lazy("title"), True, ("召回名称", "名称", "标题")),
    ImportField(
        "enterprise_uscc",
        gettext_lazy("enterprise USCC"),
        True,
        ("统一社会信用代码", "召回企业统一社会信用代码", "信用代码", "uscc"),
    ),
    ImportField(
        "product",
        gettext_lazy("product of the catalogue (code)"),
        True,
        ("产品代码", "目录产品代码"),
    ),
    ImportField(
        "opened_at",
        gettext_lazy("recall decided at"),
        True,
        ("决定召回时间", "召回决定日期", "决定日期"),
        datetime_text,
    ),
    ImportField(
        "notice_at",
        gettext_lazy("public notice at"),
        False,
        ("公告时间", "召回公告日期", "发布日期"),
        datetime_text,
    ),
    ImportField(
        "closed_at",
        gettext_lazy("closed at"),
        False,
        ("结案时间", "完成日期", "结案日期"),
        datetime_text,
    ),
    ImportField(
        "origin",
        gettext_lazy("origin of the recall"),
        True,
        ("召回来源", "来源"),
        choice_parser(_words(recall_rules.origin_choices())),
    ),
    ImportField("defect", gettext_lazy("defect"), True, ("缺陷", "缺陷描述")),
    ImportField(
        "hazard", gettext_lazy("hazard"), True, ("危害", "危害类型"), choice_parser(_hazards())
    ),
    ImportField("batches", gettext_lazy("batches affected"), False, ("批次", "涉及批次")),
    ImportField(
        "units_affected", gettext_lazy("units affected"), True, ("涉及数量", "召回数量", "影响数量")
    ),
    ImportField(
        "units_corrected",
        gettext_lazy("units corrected"),
        False,
        ("完成数量", "已召回数量", "纠正数量"),
    ),
    ImportField(
        "method",
        gettext_lazy("notification method"),
        True,
        ("通知方式", "召回方式"),
        choice_parser(_words(recall_rules.method_choices())),
    ),
    ImportField(
        "country", gettext_lazy("country of a recall abroad"), False, ("国家", "境外召回国家")
    ),
)

RECALL_IMPORT = ImportSpec(
    kind="recalls",
    label=gettext_lazy("historical recalls"),
    permission="cases.add_case",
    model=Case,
    serializer_class=checked_by(RecallImportSerializer, recall_validate),
    fields=FIELDS,
    build_context=recall_context,
    commit=recall_commit,
    unique_field="number",
    example=recall_example,
    list_url_name="cases:recalls",
)
