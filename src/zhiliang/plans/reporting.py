"""A progress report submitted from the page: the report and its evidence files together."""

from django.db import transaction

from zhiliang.plans.services import report_evidence_add, report_submit


@transaction.atomic
def report_with_evidence(*, actor, task, status: str, narrative: str, reported_on, files) -> object:
    """All or nothing: a rejected file leaves no report behind."""
    report = report_submit(
        actor=actor, task=task, status=status, narrative=narrative, reported_on=reported_on
    )
    for upload in files:
        report_evidence_add(actor=actor, report=report, upload=upload)
    return report
