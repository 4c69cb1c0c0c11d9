"""Writes of recalls: open one (the case and its particulars, in one transaction), record a
progress report (units corrected so far; it meets the progress clock). Moving a recall
through its stages is the engine's `case_advance` (the summary is the note of
`summary_submitted`). Role check, guard, full_clean, history on every write."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.clocks import clocks_compute
from zhiliang.cases.models import Case, Recall, RecallReport, Step
from zhiliang.cases.services import _number, _save, _validate
from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.validators import errors_of

RECALL_FIELDS = ("origin", "defect", "hazard", "batches", "units_affected", "method", "country")


def recall_open(*, actor, data: dict) -> Case:
    """A recall decided by the enterprise (or ordered): `opened_at` is the decision."""
    require_perm(actor, "cases.add_case")
    data = dict(data)
    particulars = {k: data.pop(k) for k in RECALL_FIELDS if k in data}
    enterprise = data.get("enterprise")
    if enterprise is None:
        raise ValidationError({"enterprise": _("Name the enterprise recalling the product.")})
    require_referable(actor, enterprise, "enterprise")
    require_in_jurisdiction(actor, enterprise.region)
    case = Case(
        kind=CaseKind.RECALL,
        region=enterprise.region,
        office=actor.organization,
        listing_office=actor.organization,
        stage=rules.first_stage(CaseKind.RECALL),
        created_by=actor,
        **data,
    )
    if not case.number and case.opened_at:
        case.number = _number("ZH", case.opened_at)
    errors = {}
    try:
        _validate(case)
    except ValidationError as exc:
        errors.update(errors_of(exc))
    recall = Recall(case=case, **particulars)
    try:
        recall.full_clean(exclude=["case"])
    except ValidationError as exc:
        errors.update(errors_of(exc))
    if not case.product_id:
        errors.setdefault("product", [_("Name the product recalled.")])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(case, actor)
        recall.case = case
        _save(recall, actor)
        _save(Step(case=case, code=case.stage, at=case.opened_at, actor=actor), actor)
        clocks_compute(case, actor=actor)
    return case


def recall_report(*, actor, recall: Recall, data: dict) -> RecallReport:
    """A progress report: units corrected so far (cumulative, never fewer than the last
    report's, never more than affected); the recall's rate follows."""
    require_perm(actor, "cases.change_case")
    case = recall.case
    require_visible(actor, case)
    if case.is_closed:
        raise ValidationError(_("The recall is closed: no further report."))
    if case.stage != "implementing":
        raise ValidationError(_("Progress is reported while the recall is under way."))
    report = RecallReport(recall=recall, **data)
    report.full_clean(exclude=["recall"])
    started = timezone.localtime(case.opened_at).date()
    if report.reported_on < started:
        raise ValidationError({"reported_on": _("The report lies before the recall began.")})
    last = recall.reports.order_by("-reported_on", "-id").first()
    if last and report.reported_on < last.reported_on:
        raise ValidationError({"reported_on": _("The report lies before the last report.")})
    if last and report.units_corrected < last.units_corrected:
        raise ValidationError(
            {"units_corrected": _("Fewer units corrected than the last report said.")}
        )
    at = rules.end_of_day(report.reported_on)
    at = min(at, timezone.now())
    with transaction.atomic():
        _save(report, actor)
        recall.units_corrected = report.units_corrected
        _save(recall, actor)
        _save(Step(case=case, code="progress", at=at, actor=actor, note=report.note), actor)
        clocks_compute(case, actor=actor)
    return report
