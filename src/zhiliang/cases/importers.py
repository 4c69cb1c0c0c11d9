"""The staged importer for historical accidents (事故台账): one row per accident, by the
enterprise's USCC, with the unit's report time and, for a closed case, the closing date.

A historical case enters at its first stage (the unit's report) and, when the file gives
the closing time, closed: the steps between are not in the ledger and are not made up; its
clocks are those the rules give for what the file says (the report met or missed, the
rest dropped for a closed case). Case numbers are unique per kind; a repeat is rejected.
"""

from datetime import datetime, timedelta
from decimal import Decimal

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
from zhiliang.cases.models import Case, Deadline, Step
from zhiliang.cases.services import accident_grade, accident_to_risk, case_own_errors
from zhiliang.core.api.fields import ScopedUsccField
from zhiliang.core.api.rules import checked_by
from zhiliang.core.guards import require_perm
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.imports.registry import ImportField, ImportSpec, date_text
from zhiliang.imports.rows import chunked


def datetime_text(text: str) -> str:
    """2024/5/1 14:30, 2024年5月1日 14:30 → 2024-05-01 14:30; a date alone stays a date."""
    text = text.strip()
    day, _sep, clock = text.partition(" ")
    return f"{date_text(day)} {clock.strip()}".strip()


class AccidentImportSerializer(serializers.ModelSerializer):
    enterprise_uscc = ScopedUsccField(source="enterprise", label=gettext_lazy("enterprise USCC"))
    reported_at = serializers.DateTimeField(required=False, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "number",
            "title",
            "enterprise_uscc",
            "opened_at",
            "reported_at",
            "closed_at",
            "place",
            "deaths",
            "injuries",
            "direct_loss",
            "description",
        ]
        validators = []


def accident_validate(*, data: dict, instance=None, context=None) -> Case:
    """The would-be case of an imported row, checked (nothing saved). `context` carries the
    importer's `taken` numbers."""
    context = context or {}
    data = dict(data)
    reported = data.pop("reported_at", None)
    enterprise = data.get("enterprise")
    case = Case(kind=CaseKind.ACCIDENT, stage=rules.first_stage(CaseKind.ACCIDENT), **data)
    if enterprise is not None:
        case.region_id = enterprise.region_id
    accident_grade(case)
    errors = case_row_errors(case, context)
    opened, now = case.opened_at, timezone.now()
    if reported and opened and reported < opened:
        errors["reported_at"] = [_("The report lies before the accident.")]
    if reported and reported > now:
        errors["reported_at"] = [_("The report time cannot be in the future.")]
    closed = case.closed_at
    if closed and (closed > now or (opened and closed < opened)):
        errors["closed_at"] = [_("The case closes after the accident and not in the future.")]
    if errors:
        raise ValidationError(errors)
    return case


def case_context(kind, user, records: list[dict]) -> dict:
    """What a file of cases of `kind` is checked against, without a query per row: the
    numbers already taken and the enterprises its USCCs name."""
    numbers = {(r.get("number") or "").strip() for r in records} - {""}
    taken = set(chunked(Case.objects.filter(kind=kind), "number", numbers, "number"))
    usccs = (r.get("enterprise_uscc") for r in records)
    return {
        "user": user,
        "taken": taken,
        "enterprises": enterprises_by_uscc(user=user, usccs=usccs),
    }


def case_row_errors(case: Case, context: dict) -> dict:
    """A row's case by its own rules (the looked-up relations are checked where they are
    looked up), and its number against those the file's context found taken."""
    errors = case_own_errors(case)
    if case.number in context.get("taken", ()):
        errors["number"] = [_("A case numbered %(n)s exists already.") % {"n": case.number}]
    return errors


def accident_context(user, records: list[dict]) -> dict:
    return case_context(CaseKind.ACCIDENT, user, records)


def _when(value):
    return datetime.fromisoformat(value) if isinstance(value, str) and value else value


def case_commit_start(actor, kind, rows: list[dict]) -> dict:
    """What a case importer's commit checks first: the right to add cases, and none of the
    file's numbers taken since it was checked. The region of each row's enterprise
    (enterprise id → region id), which the case takes."""
    require_perm(actor, "cases.add_case")
    taken = Case.objects.filter(kind=kind, number__in=[r["number"] for r in rows])
    if taken.exists():
        raise ValidationError(
            _("Cases registered since the file was checked: %(n)s. Check the file again.")
            % {"n": ", ".join(taken.values_list("number", flat=True)[:10])}
        )
    enterprises = Enterprise.objects.filter(pk__in={r["enterprise_id"] for r in rows})
    return dict(enterprises.values_list("pk", "region_id"))


def accident_commit(actor, rows: list[dict]) -> int:
    """Insert the checked rows with their steps and clocks, with history, all or nothing."""
    regions = case_commit_start(actor, CaseKind.ACCIDENT, rows)
    office = actor.organization
    cases, reports = [], []
    for row in rows:
        row = dict(row)
        reported = _when(row.pop("reported_at", None))
        case = Case(
            kind=CaseKind.ACCIDENT,
            region_id=regions[row["enterprise_id"]],
            office=office,
            listing_office=office,
            created_by=actor,
            stage=rules.first_stage(CaseKind.ACCIDENT),
            **{
                **row,
                "opened_at": _when(row["opened_at"]),
                "closed_at": _when(row.get("closed_at")),
                "direct_loss": Decimal(row.get("direct_loss") or 0),
            },
        )
        if case.closed_at:
            case.stage = "closed"
        accident_grade(case)
        cases.append(case)
        reports.append(reported or case.opened_at + timedelta(hours=1))
    with transaction.atomic():
        bulk_create_with_history(
            cases, Case, batch_size=2000, default_user=actor, default_change_reason="import"
        )
        steps, deadlines = [], []
        for case, reported in zip(cases, reports, strict=True):
            events = {"opened": case.opened_at, "stage:reported": reported}
            steps.append(Step(case=case, code="reported", at=reported, actor=actor))
            if case.closed_at:
                events["stage:closed"] = case.closed_at
                steps.append(
                    Step(
                        case=case,
                        code="closed",
                        at=case.closed_at,
                        actor=actor,
                        note=_("imported as closed"),
                    )
                )
            deadlines.extend(clock_rows(case, events).values())
        bulk_create_with_history(steps, Step, batch_size=2000, default_user=actor)
        bulk_create_with_history(deadlines, Deadline, batch_size=2000, default_user=actor)
        accident_to_risk([c.pk for c in cases])
    return len(cases)


def accident_example(user) -> dict:
    enterprise = Enterprise.objects.visible_to(user).order_by("pk").first()
    if enterprise is None:
        return {}
    day = timezone.localdate() - timedelta(days=400)
    return {
        "number": f"SG-LS-{day:%Y%m%d}-1",
        "title": _("Boiler explosion"),
        "enterprise_uscc": enterprise.uscc,
        "opened_at": f"{day.isoformat()} 09:30",
        "reported_at": f"{day.isoformat()} 10:10",
        "closed_at": (day + timedelta(days=120)).isoformat(),
        "deaths": "0",
        "injuries": "2",
        "direct_loss": "150000",
    }


FIELDS = (
    ImportField("number", gettext_lazy("case number"), True, ("事故编号", "编号", "案件编号")),
    ImportField("title", gettext_lazy("title"), True, ("事故名称", "事故概况", "名称")),
    ImportField(
        "enterprise_uscc",
        gettext_lazy("enterprise USCC"),
        True,
        ("统一社会信用代码", "事故单位统一社会信用代码", "信用代码", "uscc"),
    ),
    ImportField(
        "opened_at",
        gettext_lazy("happened at"),
        True,
        ("事故发生时间", "发生时间", "发生日期"),
        datetime_text,
    ),
    ImportField(
        "reported_at",
        gettext_lazy("the unit reported at"),
        False,
        ("报告时间", "事故报告时间", "单位报告时间"),
        datetime_text,
    ),
    ImportField(
        "closed_at", gettext_lazy("closed at"), False, ("结案时间", "结案日期"), datetime_text
    ),
    ImportField("place", gettext_lazy("place"), False, ("事故地点", "地点")),
    ImportField("deaths", gettext_lazy("deaths"), False, ("死亡人数", "死亡")),
    ImportField(
        "injuries", gettext_lazy("serious injuries"), False, ("重伤人数", "重伤", "受伤人数")
    ),
    ImportField(
        "direct_loss",
        gettext_lazy("direct economic loss (yuan)"),
        False,
        ("直接经济损失", "直接经济损失（元）", "经济损失"),
    ),
    ImportField(
        "description", gettext_lazy("particulars"), False, ("事故经过", "简要经过", "案情")
    ),
)

ACCIDENT_IMPORT = ImportSpec(
    kind="accidents",
    label=gettext_lazy("historical accidents"),
    permission="cases.add_case",
    model=Case,
    serializer_class=checked_by(AccidentImportSerializer, accident_validate),
    fields=FIELDS,
    build_context=accident_context,
    commit=accident_commit,
    unique_field="number",
    example=accident_example,
    list_url_name="cases:accidents",
)
