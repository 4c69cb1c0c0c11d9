"""督办 notices: drafted for overdue tasks, issued, answered by the unit, closed."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import require_managed, require_perm, require_visible
from zhiliang.plans.choices import NoticeStatus
from zhiliang.plans.models import SupervisionNotice
from zhiliang.plans.selectors import overdue_task_units


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
    require_perm(actor, "plans.change_supervisionnotice")
    # Issued and closed by the office of the plan's region; a unit below answers it.
    require_managed(actor, notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("Only a draft can be issued."))
    if respond_by < timezone.localdate():
        raise ValidationError(_("The answer cannot be due in the past."))
    notice.status, notice.issued_at, notice.issued_by = NoticeStatus.ISSUED, timezone.now(), actor
    notice.respond_by = respond_by
    notice.full_clean()
    notice._history_user = actor
    notice.save()
    return notice


def notice_respond(*, actor, notice: SupervisionNotice, response: str) -> SupervisionNotice:
    # Those who report for the unit answer for it; a viewer of the unit does not.
    require_perm(actor, "plans.add_progressreport")
    require_visible(actor, notice)
    if actor.organization_id != notice.to_organization_id:
        raise PermissionDenied(_("Only the unit the notice is addressed to answers it."))
    if notice.status != NoticeStatus.ISSUED:
        raise ValidationError(_("Only an issued notice can be answered."))
    notice.status, notice.response = NoticeStatus.ANSWERED, response.strip()
    notice.responded_at, notice.responded_by = timezone.now(), actor
    notice.full_clean()
    notice._history_user = actor
    notice.save()
    return notice


def notice_close(*, actor, notice: SupervisionNotice) -> SupervisionNotice:
    require_perm(actor, "plans.change_supervisionnotice")
    # Issued and closed by the office of the plan's region; a unit below answers it.
    require_managed(actor, notice)
    if notice.status not in (NoticeStatus.ANSWERED, NoticeStatus.ISSUED, NoticeStatus.DRAFT):
        raise ValidationError(_("This notice is closed already."))
    notice.status = (
        NoticeStatus.CLOSED if notice.status != NoticeStatus.DRAFT else NoticeStatus.WITHDRAWN
    )
    notice.closed_at = timezone.now()
    notice.full_clean()
    notice._history_user = actor
    notice.save()
    return notice
