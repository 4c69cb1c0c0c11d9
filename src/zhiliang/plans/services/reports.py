"""Progress reports on tasks and targets, and the evidence attached to them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.models import Organization
from zhiliang.plans.models import Evidence, Plan, ProgressReport, Target, Task, TaskUnit
from zhiliang.plans.services.plans import _decimal


def _reports_for_others(actor) -> bool:
    """Office staff (who may change plans) report for any unit; others for their own."""
    return actor.has_perm("plans.change_plan")


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
    require_perm(actor, "plans.add_progressreport")
    if (task is None) == (target is None):
        ProgressReport(task=task, target=target).clean()  # the model says: name one of them
    item = task if task is not None else target
    require_visible(actor, item)
    value = None if reported_value in (None, "") else _decimal(reported_value)
    for_others = _reports_for_others(actor)
    if organization is not None:
        require_referable(actor, organization, "organization")
    organization = organization or actor.organization
    if organization is None:
        raise ValidationError(_("Your account belongs to no organisation."))
    if not for_others and organization.pk != actor.organization_id:
        raise ValidationError({"organization": _("You can report only for your own organisation.")})
    if task is not None:
        if for_others and not Plan.objects.managed_by(actor).filter(pk=task.plan_id).exists():
            # A task of a plan above: the office reports for its own region's units only.
            require_referable(actor, organization, "organization", above=False)
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
        require_referable(actor, organization, "organization", above=False)
    report = ProgressReport(
        plan_id=item.plan_id,
        task=task,
        target=target,
        organization=organization,
        reported_on=reported_on or timezone.localdate(),
        status=status,
        narrative=(narrative or "").strip(),
        reported_value=value,
        created_by=actor,
    )
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


def report_evidence_add(*, actor, report, upload):
    """Attach a file to a report: by a user of the reporting unit, or by office staff."""
    require_perm(actor, "plans.add_progressreport")
    require_visible(actor, report)
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
