"""Writes of the plans app: a reviewed extraction becomes a plan; reports; 督办 notices."""

import calendar
import hashlib
import zipfile
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core import uploads
from zhiliang.core.models import Organization, Region
from zhiliang.plans.choices import Comparator, NoticeStatus, ProgressStatus, UnitRole
from zhiliang.plans.models import (
    Evidence,
    Phase,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
    TaskUnit,
)
from zhiliang.plans.selectors import overdue_task_units


def source_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def _month(value: str | None, last: bool = False) -> date | None:
    """'2018-04' → 2018-04-01 (or the month's last day); '2018' → Jan 1 or Dec 31."""
    if not value:
        return None
    try:
        parts = [int(p) for p in str(value).split("-")[:2]]
    except ValueError:
        raise ValidationError(_("%(v)s is not a year or year-month.") % {"v": value}) from None
    year, month = parts[0], (parts[1] if len(parts) > 1 else (12 if last else 1))
    if not (1900 < year < 2200 and 1 <= month <= 12):
        raise ValidationError(_("%(v)s is not a year or year-month.") % {"v": value})
    return date(year, month, calendar.monthrange(year, month)[1] if last else 1)


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError(_("%(v)s is not a number.") % {"v": value}) from None


def _check_scope(actor, region: Region) -> None:
    scope = actor.jurisdiction
    if scope is None or not region.code.startswith(scope.code):
        raise PermissionDenied(_("This region lies outside your jurisdiction."))


def plan_create(
    *,
    actor,
    region: Region,
    source_text: str,
    meta: dict,
    targets: list[dict],
    phases: list[dict],
    tasks: list[dict],
    source_name: str = "",
    source_bytes: bytes | None = None,
) -> Plan:
    """Store what the reviewer accepted, all at once. Tasks name organisations by id."""
    if not actor.has_perm("plans.add_plan"):
        raise PermissionDenied
    _check_scope(actor, region)
    digest = source_hash(source_text)
    existing = Plan.objects.filter(region=region, source_hash=digest).first()
    if existing is not None:
        raise ValidationError(
            _("This document was imported already as “%(t)s”.") % {"t": existing.title},
            code="duplicate",
        )
    org_ids = {i for t in tasks for key in ("lead", "cooperating") for i in t.get(key, [])}
    known = set(Organization.objects.filter(pk__in=org_ids).values_list("pk", flat=True))
    if org_ids - known:
        raise ValidationError(_("Some units do not exist any more; reload the review page."))
    with transaction.atomic():
        plan = Plan(
            title=(meta.get("title") or source_name or _("Untitled plan"))[:255],
            doc_number=meta.get("doc_number") or "",
            issuer=meta.get("issuer") or "",
            issued_on=_day(meta.get("date")),
            region=region,
            period_start=_month(meta.get("period_start")),
            period_end=_month(meta.get("period_end"), last=True),
            source_name=source_name[:255],
            source_text=source_text,
            source_hash=digest,
            created_by=actor,
        )
        if source_bytes is not None:
            plan.source_file.save(
                f"{digest[:16]}-{source_name or 'source.txt'}",
                ContentFile(source_bytes),
                save=False,
            )
        plan._history_user = actor
        plan.save()
        _phases_create(actor, plan, phases)
        bulk_create_with_history(
            [_target(plan, i, t) for i, t in enumerate(targets)], Target, default_user=actor
        )
        for i, t in enumerate(tasks):
            task = Task(
                plan=plan,
                title=t["title"][:255],
                description=t.get("description", ""),
                due_on=_day(t.get("due_on")),
                units_as_written=t.get("as_written", {}),
                span_start=(t.get("span") or [None, None])[0],
                span_end=(t.get("span") or [None, None])[1],
                order=i,
            )
            task._history_user = actor
            task.save()
            _units_create(actor, task, t)
    return plan


def _phases_create(actor, plan: Plan, phases: list[dict]) -> None:
    rows = [
        Phase(
            plan=plan,
            name=p["name"][:128],
            starts_on=_month(p.get("start")),
            ends_on=_month(p.get("end"), last=True),
            order=i,
        )
        for i, p in enumerate(phases)
    ]
    bulk_create_with_history(rows, Phase, default_user=actor)


def _units_create(actor, task: Task, item: dict) -> None:
    """The task's lead and cooperating units, from organisation ids in the reviewed item."""
    # Two written names may mean one unit (省质监局 and 省工商局 are both 市场监管局 now).
    lead = dict.fromkeys(item.get("lead", []))
    units = [TaskUnit(task=task, organization_id=o, role=UnitRole.LEAD) for o in lead]
    units += [
        TaskUnit(task=task, organization_id=o, role=UnitRole.COOPERATING)
        for o in dict.fromkeys(item.get("cooperating", []))
        if o not in lead
    ]
    bulk_create_with_history(units, TaskUnit, default_user=actor)


def _day(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return _month(value, last=True)


def _target(plan: Plan, order: int, t: dict) -> Target:
    if t.get("comparator") not in Comparator.values:
        raise ValidationError(_("Unknown comparator %(c)s.") % {"c": t.get("comparator")})
    if not str(t.get("indicator", "")).strip():
        raise ValidationError(_("A target needs the indicator it measures."))
    span = t.get("span") or [None, None]
    return Target(
        plan=plan,
        indicator_text=t["indicator"][:255],
        comparator=t["comparator"],
        value=_decimal(t.get("value")),
        unit=(t.get("unit") or "")[:16],
        deadline=str(t.get("deadline") or "")[:7],
        span_start=span[0],
        span_end=span[1],
        order=order,
    )


def notices_draft_overdue(*, today: date | None = None) -> int:
    """Draft a notice to each lead unit of every task past its due date and not done.

    Found with one query (tasks whose latest report is not 'done'); a unit that already
    has an open notice on the task gets no second one.
    """
    today = today or timezone.localdate()
    rows = list(overdue_task_units(today=today))
    notices = [
        SupervisionNotice(
            plan_id=r["task__plan_id"],
            task_id=r["task_id"],
            to_organization_id=r["organization_id"],
            reason=_("The task “%(t)s” was due on %(d)s and is not reported done.")
            % {"t": r["task__title"], "d": r["task__due_on"].isoformat()},
        )
        for r in rows
    ]
    bulk_create_with_history(notices, SupervisionNotice, default_change_reason="overdue")
    return len(notices)


def notice_issue(*, actor, notice: SupervisionNotice, respond_by: date) -> SupervisionNotice:
    if not actor.has_perm("plans.change_supervisionnotice"):
        raise PermissionDenied
    _require_visible(actor, SupervisionNotice, notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("Only a draft can be issued."))
    if respond_by < timezone.localdate():
        raise ValidationError(_("The answer cannot be due in the past."))
    notice.status, notice.issued_at, notice.issued_by = NoticeStatus.ISSUED, timezone.now(), actor
    notice.respond_by = respond_by
    notice._history_user = actor
    notice.save()
    return notice


def notice_respond(*, actor, notice: SupervisionNotice, response: str) -> SupervisionNotice:
    # Those who report for the unit answer for it; a viewer of the unit does not.
    if not actor.has_perm("plans.add_progressreport"):
        raise PermissionDenied
    _require_visible(actor, SupervisionNotice, notice)
    if actor.organization_id != notice.to_organization_id:
        raise PermissionDenied(_("Only the unit the notice is addressed to answers it."))
    if notice.status != NoticeStatus.ISSUED:
        raise ValidationError(_("Only an issued notice can be answered."))
    if not response.strip():
        raise ValidationError(_("Write the answer."))
    notice.status, notice.response = NoticeStatus.ANSWERED, response.strip()
    notice.responded_at, notice.responded_by = timezone.now(), actor
    notice._history_user = actor
    notice.save()
    return notice


def notice_close(*, actor, notice: SupervisionNotice) -> SupervisionNotice:
    if not actor.has_perm("plans.change_supervisionnotice"):
        raise PermissionDenied
    _require_visible(actor, SupervisionNotice, notice)
    if notice.status not in (NoticeStatus.ANSWERED, NoticeStatus.ISSUED, NoticeStatus.DRAFT):
        raise ValidationError(_("This notice is closed already."))
    notice.status = (
        NoticeStatus.CLOSED if notice.status != NoticeStatus.DRAFT else NoticeStatus.WITHDRAWN
    )
    notice.closed_at = timezone.now()
    notice._history_user = actor
    notice.save()
    return notice


# -- edits and progress reports through the API ------------------------------------------


def _reports_for_others(actor) -> bool:
    """Office staff (who may change plans) report for any unit; others for their own."""
    return actor.has_perm("plans.change_plan")


def _require_visible(actor, model, obj) -> None:
    if not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied


PLAN_EDITABLE = ("title", "doc_number", "issuer", "period_start", "period_end")


def plan_update(*, actor, plan: Plan, data: dict) -> Plan:
    """Correct what the extraction got wrong: title, document number, issuer, period."""
    if not actor.has_perm("plans.change_plan"):
        raise PermissionDenied
    _require_visible(actor, Plan, plan)
    unknown = sorted(set(data) - set(PLAN_EDITABLE))
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(unknown)}
        )
    values = {f: data.get(f, getattr(plan, f)) for f in PLAN_EDITABLE}
    values["title"] = (values["title"] or "").strip()
    if not values["title"]:
        raise ValidationError({"title": _("A plan needs a title.")})
    start, end = values["period_start"], values["period_end"]
    if start and end and end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    for field, value in values.items():
        setattr(plan, field, value)
    plan._history_user = actor
    plan.save()
    return plan


def target_set_indicator(*, actor, target: Target, indicator_code: str) -> Target:
    """Link a target to the catalogue indicator it is measured by (blank unlinks it)."""
    if not actor.has_perm("plans.change_target"):
        raise PermissionDenied
    _require_visible(actor, Target, target)
    target.indicator_code = (indicator_code or "").strip()[:64]
    target._history_user = actor
    target.save()
    return target


def task_set_due_on(*, actor, task: Task, due_on: date | None) -> Task:
    if not actor.has_perm("plans.change_task"):
        raise PermissionDenied
    _require_visible(actor, Task, task)
    task.due_on = due_on
    task._history_user = actor
    task.save()
    return task


def report_submit(
    *,
    actor,
    task: Task | None = None,
    target: Target | None = None,
    organization: Organization | None = None,
    status: str,
    narrative: str = "",
    reported_value=None,
    reported_on: date | None = None,
):
    """A progress report on one task or one target.

    A department reporter reports for their own organisation, and only on tasks it
    leads or cooperates on; targets are reported by office staff. Office staff report
    for any unit of a task in their jurisdiction (their own organisation by default).
    """
    if not actor.has_perm("plans.add_progressreport"):
        raise PermissionDenied
    if (task is None) == (target is None):
        raise ValidationError(
            {"task": _("A report is about one task or one target: name exactly one.")}
        )
    item = task if task is not None else target
    _require_visible(actor, type(item), item)
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("Unknown status %(s)s.") % {"s": status}})
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        raise ValidationError({"reported_on": _("A report cannot be dated in the future.")})
    value = None if reported_value in (None, "") else _decimal(reported_value)
    for_others = _reports_for_others(actor)
    organization = organization or actor.organization
    if organization is None:
        raise ValidationError(_("Your account belongs to no organisation."))
    if not for_others and organization.pk != actor.organization_id:
        raise ValidationError({"organization": _("You can report only for your own organisation.")})
    if task is not None:
        if not TaskUnit.objects.filter(task=task, organization=organization).exists():
            raise ValidationError(
                {
                    "task": _("%(o)s is neither a lead nor a cooperating unit of this task.")
                    % {"o": organization.name}
                }
            )
    else:
        if not for_others:
            raise ValidationError(
                {
                    "target": _(
                        "Targets are reported by the quality office; report on the tasks "
                        "your organisation holds."
                    )
                }
            )
        if not Organization.objects.visible_to(actor).filter(pk=organization.pk).exists():
            raise ValidationError(
                {"organization": _("This organisation lies outside your jurisdiction.")}
            )
    report = ProgressReport(
        plan_id=item.plan_id,
        task=task,
        target=target,
        organization=organization,
        reported_on=reported_on,
        status=status,
        narrative=(narrative or "").strip(),
        reported_value=value,
        created_by=actor,
    )
    report._history_user = actor
    report.save()
    return report


def evidence_kind(upload) -> str | None:
    """The file's type judged from its bytes (never its name), or None if not accepted."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def evidence_check(upload) -> tuple[str, str]:
    """An evidence file's type and SHA-256, or a ValidationError saying what is wrong."""
    limit = getattr(settings, "ZHILIANG_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(n)d MB.") % {"n": limit // (1024 * 1024)}}
        )
    kind = evidence_kind(upload)
    if kind is None:
        raise ValidationError(
            {"file": _("Evidence must be a PDF, JPEG, PNG, Word .docx or Excel .xlsx file.")}
        )
    if kind in ("docx", "xlsx"):
        try:
            uploads.zip_check(upload)
        except uploads.UploadLimit as exc:
            raise ValidationError({"file": exc.message}) from None
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise ValidationError({"file": _("The file is damaged.")}) from None
        finally:
            upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()


def report_evidence_add(*, actor, report, upload):
    """Attach a file to a report: by a user of the reporting unit, or by office staff."""
    if not actor.has_perm("plans.add_progressreport"):
        raise PermissionDenied
    _require_visible(actor, ProgressReport, report)
    if not _reports_for_others(actor) and actor.organization_id != report.organization_id:
        raise ValidationError(_("Only the reporting organisation adds evidence to its report."))
    kind, sha = evidence_check(upload)
    evidence = Evidence(
        report=report,
        original_name=(upload.name or f"evidence.{kind}")[:255],
        kind=kind,
        size=upload.size,
        sha256=sha,
    )
    evidence.file.save(f"{sha[:16]}.{kind}", upload, save=False)
    evidence._history_user = actor
    evidence.save()
    return evidence


def plan_update_from_review(
    *, actor, plan: Plan, meta: dict, targets: list[dict], phases: list[dict], tasks: list[dict]
) -> dict:
    """Apply a new review of the same document to its plan, keeping what has been reported.

    Targets match by indicator, tasks by title: matched ones are updated in place (their
    reports and notices stay), new ones are added, and those no longer in the review are
    removed unless reports or notices hang on them. Phases are replaced.
    """
    if not actor.has_perm("plans.change_plan"):
        raise PermissionDenied
    _require_visible(actor, Plan, plan)
    summary = {"added": 0, "updated": 0, "removed": 0, "kept": 0}
    with transaction.atomic():
        plan.title = (meta.get("title") or plan.title)[:255]
        plan.doc_number = meta.get("doc_number") or plan.doc_number
        plan.issuer = meta.get("issuer") or plan.issuer
        plan.issued_on = _day(meta.get("date")) or plan.issued_on
        plan._history_user = actor
        plan.save()
        plan.phases.all().delete()
        _phases_create(actor, plan, phases)
        _merge_targets(actor, plan, targets, summary)
        _merge_tasks(actor, plan, tasks, summary)
    return summary


def _merge_targets(actor, plan: Plan, targets: list[dict], summary: dict) -> None:
    existing = _by_name(plan.targets.all(), "indicator_text")
    for i, item in enumerate(targets):
        fresh = _target(plan, i, item)
        target = _take(existing, fresh.indicator_text)
        if target is None:
            fresh._history_user = actor
            fresh.save()
            summary["added"] += 1
            continue
        for field in ("comparator", "value", "unit", "deadline", "span_start", "span_end", "order"):
            setattr(target, field, getattr(fresh, field))
        target._history_user = actor
        target.save()
        summary["updated"] += 1
    _remove_unreported(actor, [x for same in existing.values() for x in same], summary)


def _merge_tasks(actor, plan: Plan, tasks: list[dict], summary: dict) -> None:
    existing = _by_name(plan.tasks.all(), "title")
    for i, item in enumerate(tasks):
        task = _take(existing, item["title"][:255])
        if task is None:
            task = Task(plan=plan, title=item["title"][:255])
            summary["added"] += 1
        else:
            summary["updated"] += 1
        task.description = item.get("description", task.description)
        task.due_on = _day(item.get("due_on")) or task.due_on
        task.units_as_written = item.get("as_written", task.units_as_written)
        span = item.get("span") or [task.span_start, task.span_end]
        task.span_start, task.span_end, task.order = span[0], span[1], i
        task._history_user = actor
        task.save()
        task.task_units.all().delete()
        _units_create(actor, task, item)
    _remove_unreported(actor, [x for same in existing.values() for x in same], summary)


def _by_name(items, field: str) -> dict[str, list]:
    """Items by name, in order: a document may restate a target under the same name."""
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(getattr(item, field), []).append(item)
    return out


def _take(existing: dict[str, list], name: str):
    same = existing.get(name)
    return same.pop(0) if same else None


def _remove_unreported(actor, items, summary: dict) -> None:
    for item in items:
        if item.reports.exists() or getattr(item, "notices", None) and item.notices.exists():
            summary["kept"] += 1
            continue
        item._history_user = actor
        item.delete()
        summary["removed"] += 1
