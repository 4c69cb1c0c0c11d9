"""The staged importer for historical supervised violation cases (挂牌督办台账): one row per
case, by the enterprise's USCC, with the violation, the listing office's deadline, the stage
the case reached (立案/调查/决定/执行/结案) with the dates the ledger gives, and the
decision number of a decided case.

What the ledger says is entered and nothing is made up: a step is written only for a stage
with a date, and the clocks met by a stage the case reached without a date are dropped,
not shown late. Refused with reasons: an enterprise not in the registry of the importer's
jurisdiction (answered as not found), dates out of order or in the future, a date for a
stage not reached, an unknown stage, a decided case without its decision number, a case
number recorded already or repeated in the file."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from simple_history.utils import bulk_create_with_history

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.clocks import clock_rows
from zhiliang.cases.importers import case_commit_start, case_context, case_row_errors, datetime_text
from zhiliang.cases.models import Case, Deadline, Step
from zhiliang.core.api.fields import ScopedUsccField
from zhiliang.core.api.rules import checked_by
from zhiliang.enterprises.models import Enterprise
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text

KIND = CaseKind.SUPERVISED
# The decision's stages: a case standing at one of them names its decision (决定书文号).
DECIDED = ("decided", "executing")


def _order() -> list[str]:
    return [s["code"] for s in rules.stages(KIND)]


def _dated() -> list[str]:
    """The stages after the listing, each with its own date column `<stage>_at`."""
    return _order()[1:]


class SupervisedImportSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    enterprise_uscc = ScopedUsccField(source="enterprise", label=gettext_lazy("enterprise USCC"))
    violation = serializers.CharField(max_length=255)
    opened_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    stage = serializers.CharField(max_length=24)
    filed_at = serializers.DateTimeField(required=False, allow_null=True)
    investigating_at = serializers.DateTimeField(required=False, allow_null=True)
    decided_at = serializers.DateTimeField(required=False, allow_null=True)
    executing_at = serializers.DateTimeField(required=False, allow_null=True)
    closed_at = serializers.DateTimeField(required=False, allow_null=True)
    decision_number = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )


def _stage_errors(data: dict, opened) -> dict:
    """The stage known, the dates of the stages reached only, in order, none in the future."""
    order, stage = _order(), data.get("stage")
    if stage not in order:
        return {"stage": [_("Unknown stage of a supervised case.")]}
    errors, now, last = {}, timezone.now(), opened
    reached = order[: order.index(stage) + 1]
    for code in _dated():
        at = data.get(f"{code}_at")
        if at is None:
            continue
        field = f"{code}_at"
        if code not in reached:
            errors[field] = [_("A date is given for a stage the case has not reached.")]
        elif at > now:
            errors[field] = [_("A stage's date cannot be in the future.")]
        elif last and at < last:
            errors[field] = [_("The stages' dates are out of order.")]
        else:
            last = at
    if stage == "closed" and data.get("closed_at") is None:
        errors["closed_at"] = [_("Give the date a closed case was closed.")]
    if stage in DECIDED and not (data.get("decision_number") or "").strip():
        errors["decision_number"] = [_("A decided case needs its decision number.")]
    if (data.get("decision_number") or "").strip() and "decided" not in reached:
        errors["decision_number"] = [_("Only a decided case has a decision number.")]
    return errors


def supervised_validate(*, data: dict, instance=None, context=None) -> Case:
    """The would-be case of an imported row, checked by the case's own rules (nothing
    saved). `context` carries the importer's `taken` numbers."""
    context = context or {}
    data = dict(data)
    stages = {k: data.pop(k, None) for k in (f"{c}_at" for c in _dated())}
    stage, number = data.pop("stage", None), data.pop("decision_number", "")
    data["title"] = data.get("title") or data.get("violation", "")[:200]
    case = Case(kind=KIND, stage=rules.first_stage(KIND), **data)
    errors = case_row_errors(case, context)
    errors.update(
        _stage_errors({**stages, "stage": stage, "decision_number": number}, case.opened_at)
    )
    if errors:
        raise ValidationError(errors)
    return case


def supervised_context(user, records: list[dict]) -> dict:
    return case_context(KIND, user, records)


def _when(value):
    return datetime.fromisoformat(value) if isinstance(value, str) and value else value


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) and value else value


def _known_only(rows: dict, dates: dict) -> dict:
    """Without the clocks met by a stage the case reached with no date in the ledger."""
    by_code = {c.code: c.met_by for c in rules.clocks(KIND)}
    undated = {f"stage:{code}" for code, at in dates.items() if at is None}
    return {
        key: row
        for key, row in rows.items()
        if row.met_at is not None or by_code.get(row.kind) not in undated
    }


def supervised_commit(actor, rows: list[dict]) -> int:
    """Insert the checked rows with their dated steps and clocks, with history."""
    regions = case_commit_start(actor, KIND, rows)
    office, order = actor.organization, _order()
    cases, reached = [], []
    for row in rows:
        row = dict(row)
        stage, number = row.pop("stage"), (row.pop("decision_number", "") or "").strip()
        dates = {c: _when(row.pop(f"{c}_at", None)) for c in _dated()}
        dates = {c: at for c, at in dates.items() if c in order[1 : order.index(stage) + 1]}
        row["title"] = row.get("title") or row["violation"][:200]
        cases.append(
            Case(
                kind=KIND,
                region_id=regions[row["enterprise_id"]],
                office=office,
                listing_office=office,
                created_by=actor,
                stage=stage,
                **{
                    **row,
                    "opened_at": _when(row["opened_at"]),
                    "due_on": _day(row["due_on"]),
                    "closed_at": dates.get("closed"),
                },
            )
        )
        reached.append((dates, number))
    with transaction.atomic():
        bulk_create_with_history(
            cases, Case, batch_size=2000, default_user=actor, default_change_reason="import"
        )
        steps, deadlines = [], []
        imported = _("imported")
        for case, (dates, number) in zip(cases, reached, strict=True):
            first = rules.first_stage(KIND)
            events = {"opened": case.opened_at, f"stage:{first}": case.opened_at}
            steps.append(Step(case=case, code=first, at=case.opened_at, actor=actor, note=imported))
            for code, at in dates.items():
                if at is None:
                    continue
                events[f"stage:{code}"] = at
                note = imported
                if code == "decided" and number:
                    note = _("imported; decision %(n)s") % {"n": number}
                steps.append(Step(case=case, code=code, at=at, actor=actor, note=note))
            deadlines.extend(_known_only(clock_rows(case, events), dates).values())
        bulk_create_with_history(steps, Step, batch_size=2000, default_user=actor)
        bulk_create_with_history(deadlines, Deadline, batch_size=2000, default_user=actor)
    return len(cases)


def supervised_example(user) -> dict:
    enterprise = Enterprise.objects.visible_to(user).order_by("pk").first()
    if enterprise is None:
        return {}
    day = date(timezone.localdate().year - 1, 3, 2)
    return {
        "number": f"ZH-GP-{day:%Y%m%d}-1",
        "title": _("Sale of substandard electric cables"),
        "enterprise_uscc": enterprise.uscc,
        "violation": _("Made cables below the national standard"),
        "opened_at": f"{day.isoformat()} 09:00",
        "due_on": day.replace(month=9, day=30).isoformat(),
        "stage": "decided",
        "filed_at": (day + timedelta(days=10)).isoformat(),
        "decided_at": day.replace(month=6, day=15).isoformat(),
        "decision_number": f"常市监处罚〔{day.year}〕12号",
    }


def _stage_words() -> dict[str, str]:
    words = {}
    for stage in rules.stages(KIND):
        for word in (stage["code"], stage["name"], stage.get("name_en", "")):
            if word:
                words[word] = stage["code"]
    return words


def _date_field(code: str, label, headers) -> ImportField:
    return ImportField(f"{code}_at", label, False, headers, datetime_text)


FIELDS = (
    ImportField("number", gettext_lazy("case number"), True, ("案件编号", "督办编号", "编号")),
    ImportField("title", gettext_lazy("title"), False, ("案件名称", "名称", "标题")),
    ImportField(
        "enterprise_uscc",
        gettext_lazy("enterprise USCC"),
        True,
        ("统一社会信用代码", "当事人统一社会信用代码", "信用代码", "uscc"),
    ),
    ImportField("violation", gettext_lazy("violation"), True, ("违法行为", "案由")),
    ImportField(
        "opened_at",
        gettext_lazy("violation found at"),
        True,
        ("发现时间", "挂牌时间", "线索发现日期"),
        datetime_text,
    ),
    ImportField(
        "due_on",
        gettext_lazy("supervision deadline"),
        True,
        ("督办期限", "办结期限"),
        date_text,
    ),
    ImportField(
        "stage",
        gettext_lazy("stage reached"),
        True,
        ("办理阶段", "所处阶段", "阶段"),
        choice_parser(_stage_words()),
    ),
    _date_field("filed", gettext_lazy("filed at"), ("立案日期", "立案时间")),
    _date_field("investigating", gettext_lazy("investigation begun at"), ("调查日期", "调查时间")),
    _date_field("decided", gettext_lazy("decided at"), ("决定日期", "处罚决定日期")),
    _date_field("executing", gettext_lazy("enforcement begun at"), ("执行日期", "执行时间")),
    _date_field("closed", gettext_lazy("closed at"), ("结案日期", "结案时间")),
    ImportField(
        "decision_number",
        gettext_lazy("decision number"),
        False,
        ("决定书文号", "处罚决定书文号", "文号"),
    ),
)

SUPERVISED_IMPORT = ImportSpec(
    kind="supervised_cases",
    label=gettext_lazy("historical supervised cases"),
    permission="cases.add_case",
    model=Case,
    serializer_class=checked_by(SupervisedImportSerializer, supervised_validate),
    fields=FIELDS,
    build_context=supervised_context,
    commit=supervised_commit,
    unique_field="number",
    example=supervised_example,
    list_url_name="cases:supervised",
)
