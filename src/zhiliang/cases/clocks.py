"""The clocks of a case: its deadlines computed from the rules (data/case_kinds.yaml) and
its steps — by `clocks_compute`, the one place they are written (the importer inserts the
same `clock_rows` in bulk) — and the escalation notices for deadlines passed unmet."""

from django.db import transaction
from django.utils import timezone

from zhiliang.cases import rules
from zhiliang.cases.models import Case, Deadline, Escalation


def _save(obj, actor):
    """Save with the history naming the actor (the cases' services save through this too)."""
    obj._history_user = actor
    obj.save()
    return obj


# -- clocks -------------------------------------------------------------------------------


def _events(case: Case) -> dict[str, object]:
    """The first time each stage or event was reached: {"stage:x"/"event:x": datetime}."""
    stage_codes = {s["code"] for s in rules.stages(case.kind)}
    out = {"opened": case.opened_at}
    for code, at in case.steps.order_by("at", "id").values_list("code", "at"):
        key = f"stage:{code}" if code in stage_codes else f"event:{code}"
        out.setdefault(key, at)
        out.setdefault(f"all:{key}", []).append(at)
    return out


def _periods(clock, start, events: dict) -> list[tuple[object, object, object]]:
    """A repeating clock's periods as (runs from, due, met at): the first from `start`, each
    next one from the time the previous was met, until `repeat_until` happens (which meets
    the period then running: the summary reports the last figures)."""
    times = sorted(events.get(f"all:{clock.met_by}") or [])
    until = events.get(clock.repeat_until)
    out = []
    while True:
        met = next((t for t in times if t >= start), None)
        if until is not None and (met is None or until < met):
            met = until if until >= start else None
            if met is not None:
                out.append((start, rules.due_at(clock, start), met))
            return out
        out.append((start, rules.due_at(clock, start), met))
        if met is None:
            return out
        times = [t for t in times if t > met]
        start = met


def clock_rows(case: Case, events: dict, interviews=(), existing=None) -> dict:
    """The case's deadlines from the rules and its events ({"opened"/"stage:x"/"event:x":
    time; "all:…": every time}), unsaved: existing rows (`existing`, keyed by (kind,
    interview id, period)) are updated
    in place, keeping their extension and escalation. A closed case keeps the clocks it
    met or missed and drops those it no longer runs. No query."""
    existing = existing or {}
    wanted = {}
    copied = {
        "case_kind": case.kind,
        "region_id": case.region_id,
        "office_id": case.office_id,
        "listing_office_id": case.listing_office_id,
    }
    for clock in rules.clocks(case.kind, case.grade):
        start = case.due_on if clock.start == "given" else events.get(clock.start)
        if start is None:
            continue
        if clock.repeat_until:
            for n, (begun, due, met) in enumerate(_periods(clock, start, events), start=1):
                row = existing.get((clock.code, None, n)) or Deadline(
                    case=case, kind=clock.code, period=n
                )
                row.started_at, row.due, row.met_at = begun, due, met
                wanted[(clock.code, None, n)] = row
            continue
        row = existing.get((clock.code, None, 1)) or Deadline(case=case, kind=clock.code)
        first = events.get(f"stage:{rules.first_stage(case.kind)}", case.opened_at)
        row.started_at = first if clock.start == "given" else start
        row.due = rules.due_at(clock, start, extended=row.extended)
        row.met_at = events.get(clock.met_by)
        wanted[(clock.code, None, 1)] = row
    code = rules.interview_clock()["code"]
    for interview in interviews:
        row = existing.get((code, interview.pk, 1)) or Deadline(
            case=case, kind=code, interview=interview
        )
        row.started_at = rules.end_of_day(interview.held_on)
        row.due = rules.end_of_day(interview.follow_up_on)
        row.met_at = rules.end_of_day(interview.checked_on) if interview.checked_on else None
        wanted[(code, interview.pk, 1)] = row
    if case.is_closed:
        wanted = {k: r for k, r in wanted.items() if r.met_at is not None or r.interview_id}
    for row in wanted.values():
        for field, value in copied.items():
            setattr(row, field, value)
    return wanted


def clocks_compute(case: Case, *, actor=None) -> list[Deadline]:
    """Write the case's deadlines from the rules and its steps (the one place they are
    written, besides the importer's bulk insert of the same `clock_rows`)."""
    existing = {(d.kind, d.interview_id, d.period): d for d in case.deadlines.all()}
    before = {k: tuple(getattr(d, f) for f in _COMPARED) for k, d in existing.items()}
    wanted = clock_rows(case, _events(case), case.interviews.all(), existing)
    for key, row in existing.items():
        if key not in wanted:
            row._history_user = actor
            row.delete()
    for key, row in wanted.items():
        if row.pk is None or _changed(row, before.get(key)):
            _save(row, actor)
    return list(wanted.values())


_COMPARED = ("started_at", "due", "met_at", "region_id", "office_id", "listing_office_id")


def _changed(row, before: tuple | None) -> bool:
    return before != tuple(getattr(row, f) for f in _COMPARED)


# -- escalation ---------------------------------------------------------------------------


def escalations_raise(*, now=None) -> int:
    """A notice for each deadline that passed unmet and has none yet, to the listing office
    (or, where the handling office listed it itself, to the office above it). Set-based:
    one read of the late deadlines, one insert, one update; a second run adds nothing."""
    now = now or timezone.now()
    late = Deadline.objects.filter(
        met_at__isnull=True, due__lt=now, escalated_at__isnull=True, case__closed_at__isnull=True
    )
    rows = list(
        late.values_list(
            "id", "case_id", "region_id", "office_id", "listing_office_id", "office__parent_id"
        )
    )
    notices = [
        Escalation(
            deadline_id=pk,
            case_id=case_id,
            region_id=region_id,
            raised_at=now,
            addressed_to_id=listing if listing != office else (parent or office),
        )
        for pk, case_id, region_id, office, listing, parent in rows
    ]
    with transaction.atomic():
        Escalation.objects.bulk_create(notices, batch_size=2000, ignore_conflicts=True)
        Deadline.objects.filter(escalated_at__isnull=True, escalation__raised_at=now).update(
            escalated_at=now
        )
    return len(notices)
