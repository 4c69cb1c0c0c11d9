"""Every write of the indicators app: load the catalogue, recompute, enter reported values."""

import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.evidence import evidence_check
from zhiliang.core.failures import failure_message
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region, User
from zhiliang.core.queue import enqueue_on_commit
from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.choices import RunStatus, ValueSource
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue

log = logging.getLogger(__name__)

COMPUTE_PERMISSION = "indicators.compute_indicators"
REPORT_PERMISSION = "indicators.add_reportedvalue"


def indicators_load() -> dict:
    """Load every app's indicators.yaml into the catalogue (CatalogueError if malformed)."""
    return catalogue_load()


def parse_periods(codes: list[str] | None) -> list[P.Period] | None:
    """Period codes → periods (PeriodError naming the bad one); None stays None."""
    if not codes:
        return None
    return sorted({P.parse(c) for c in codes})


class TooManyRuns(Exception):
    """The actor already has as many recomputes queued or running as one may."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def compute_run_request(
    *, actor: User | None, periods: list[str] | None = None, trigger: str = "manual"
) -> ComputeRun:
    """Queue a recompute (checked: the actor needs indicators.compute_indicators).

    A recompute of the same periods that is still waiting is the answer to an identical
    request (its `coalesced` is then True): it will compute what the new one would. One
    actor may have at most ZHILIANG_RECOMPUTE_PENDING_LIMIT waiting or running (TooManyRuns).
    """
    if actor is not None and not actor.has_perm(COMPUTE_PERMISSION):
        raise PermissionDenied(_("You may not recompute the indicators."))
    parsed = parse_periods(periods)  # reject bad codes before anything is queued
    wanted = sorted(p.code for p in parsed) if parsed else []
    with transaction.atomic():
        waiting = ComputeRun.objects.select_for_update().filter(status=RunStatus.QUEUED)
        for run in waiting.order_by("created_at", "id"):
            if sorted(run.periods) == wanted:
                run.coalesced = True
                return run
        limit = settings.ZHILIANG_RECOMPUTE_PENDING_LIMIT
        busy = ComputeRun.objects.filter(
            requested_by=actor, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        )
        if actor is not None and busy.count() >= limit:
            raise TooManyRuns(
                _(
                    "You already have %(n)d recomputes waiting or running; wait until one "
                    "has finished before starting another."
                )
                % {"n": limit}
            )
        run = ComputeRun.objects.create(requested_by=actor, periods=wanted, trigger=trigger)
        enqueue_on_commit("zhiliang.indicators.tasks.compute_indicators", run.pk)
    run.coalesced = False
    return run


def compute_run_interrupted(*, run_id: int) -> None:
    """The worker running this recompute died: the run is marked failed with a reason (the
    values are written in one transaction per step; a new run recomputes them all)."""
    ComputeRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        message=_("Interrupted: the background worker stopped. Start the recompute again."),
    )


def compute_run_execute(*, run: ComputeRun, load: bool = True) -> ComputeRun:
    """Reload the catalogue and run a queued recompute, saving its progress as it goes; a
    failure (a malformed indicators.yaml too) is recorded on the run."""
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])

    def progress(done: int, total: int, step: str) -> None:
        run.steps_done, run.steps_total, run.step = done, total, step[:200]
        run.save(update_fields=["steps_done", "steps_total", "step"])

    try:
        if load:
            indicators_load()
        result = engine.compute(periods=parse_periods(run.periods), progress=progress)
    except Exception as exc:  # recorded on the run, shown on the page, then re-raised
        log.exception("indicator computation %s failed", run.pk)
        # A malformed indicators.yaml is told as it is; a database error never is.
        message = failure_message(exc) if isinstance(exc, DatabaseError) else str(exc)
        run.status, run.message, run.finished_at = RunStatus.FAILED, message[:2000], timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.values_written = result["values"]
    run.message = _(
        "%(i)d indicators from %(s)d sources over %(p)d periods: %(v)s values in %(t).1f s."
    ) % {
        "i": result["indicators"],
        "s": result["sources"],
        "p": result["periods"],
        "v": f"{result['values']:,}",  # 3,632,115 as the office writes it
        "t": result["seconds"],
    }
    run.save(update_fields=["status", "finished_at", "values_written", "message"])
    return run


def indicators_compute(
    *, periods: list[str] | None = None, trigger: str = "command", load: bool = True
) -> ComputeRun:
    """Load the catalogue and recompute now, in this process (command line, daily, demo)."""
    parse_periods(periods)
    run = ComputeRun.objects.create(periods=periods or [], trigger=trigger)
    return compute_run_execute(run=run, load=load)


def current_year_periods(today: date | None = None) -> list[str]:
    today = today or timezone.localdate()
    return [p.code for p in P.started_by(P.periods_of_year(today.year), today)]


@transaction.atomic
def reported_value_save(
    *,
    actor: User,
    indicator: Indicator,
    region: Region,
    period: str,
    value: Decimal,
    evidence: str,
    attachment=None,
) -> ReportedValue:
    """Enter (or correct) a reported figure for a region in the actor's jurisdiction; the
    IndicatorValue the pages read is written with it."""
    if not actor.has_perm(REPORT_PERMISSION):
        raise PermissionDenied(_("You may not enter reported values."))
    if not in_jurisdiction(actor, region):
        raise ValidationError(
            {
                "region": _("Region %(c)s %(n)s lies outside your jurisdiction.")
                % {"c": region.code, "n": region.name}
            }
        )
    fresh = ReportedValue(
        indicator=indicator,
        region=region,
        period=period,
        value=value,
        evidence=evidence,
        reported_by=actor,
        organization=actor.organization,
    )
    # The model's rules (a reported indicator, a period, evidence); the period comes back
    # as its code, which finds the figure entered before.
    fresh.full_clean(exclude=["attachment"], validate_constraints=False)
    report = ReportedValue.objects.filter(
        indicator=indicator, region=region, period=fresh.period
    ).first()
    if report is None:
        report = fresh
    else:
        report.value, report.evidence = fresh.value, fresh.evidence
        report.reported_by, report.organization = actor, actor.organization
    if attachment is not None:
        evidence_check(attachment)
        report.attachment = attachment
    report._history_user = actor
    report.save()
    p = P.parse(report.period)
    IndicatorValue.objects.update_or_create(
        indicator=indicator,
        region=region,
        period=p.code,
        defaults={
            "period_kind": p.kind,
            "period_start": p.start,
            "period_end": p.end,
            "numerator": value,
            "denominator": None,
            "value": value,
            "source": ValueSource.REPORTED,
            "computed_at": timezone.now(),
        },
    )
    return report
