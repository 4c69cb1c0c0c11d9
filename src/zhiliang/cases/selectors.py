"""Reads of the case engine, always through `visible_to(user)`; and the set-based reads
other apps take accidents from (credit records, risk information)."""

from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.filtersets import CaseFilterSet, DeadlineFilterSet, late_q, soon_q
from zhiliang.cases.models import Case, CaseDocument, Deadline, Escalation, Interview
from zhiliang.core.filtersets import filled
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization

_CASE_RELATED = ("region", "office", "listing_office", "enterprise", "equipment_unit", "product")


def case_list(*, user, filters=None, kind=None):
    qs = Case.objects.visible_to(user).select_related(*_CASE_RELATED)
    if kind:
        qs = qs.filter(kind=kind)
    return CaseFilterSet(filled(filters), queryset=qs, user=user)


def accident_list(*, user, filters=None):
    return case_list(user=user, filters=filters, kind=CaseKind.ACCIDENT)


def supervised_list(*, user, filters=None):
    return case_list(user=user, filters=filters, kind=CaseKind.SUPERVISED)


def recall_list(*, user, filters=None):
    qs = Case.objects.visible_to(user).filter(kind=CaseKind.RECALL)
    qs = qs.select_related(*_CASE_RELATED, "recall")
    return CaseFilterSet(filled(filters), queryset=qs, user=user)


def recall_trend(case: Case) -> list[dict]:
    """The correction rate over time: each progress report's units corrected ÷ affected."""
    recall = case.recall
    return [
        {"on": on, "units": units, "note": note, "rate": units / recall.units_affected}
        for on, units, note in recall.reports.values_list("reported_on", "units_corrected", "note")
    ]


def public_recalls(*, q: str = ""):
    """Recalls once their public notice is out (no personal data: enterprise, product,
    defect, hazard, units, method, dates)."""
    qs = (
        Case.objects.filter(kind=CaseKind.RECALL, steps__code="notice_published")
        .select_related("enterprise", "product", "recall")
        .distinct()
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(enterprise__name__icontains=q)
            | Q(enterprise__uscc__iexact=q)
            | Q(product__name__icontains=q)
            | Q(title__icontains=q)
        )
    return qs.order_by("-opened_at", "-id")


def case_get(*, user, pk) -> Case:
    return (
        Case.objects.visible_to(user)
        .select_related(*_CASE_RELATED, "operator", "penalty", "created_by")
        .get(pk=pk)
    )


def interview_get(*, user, pk) -> Interview:
    return Interview.objects.visible_to(user).select_related("case").get(pk=pk)


def deadline_get(*, user, pk) -> Deadline:
    return Deadline.objects.visible_to(user).select_related("case").get(pk=pk)


def document_get(*, user, pk) -> CaseDocument:
    return CaseDocument.objects.visible_to(user).select_related("case").get(pk=pk)


def case_timeline(case: Case) -> dict:
    """The detail page's parts: steps, clocks, interviews, documents, escalations."""
    return {
        "steps": list(case.steps.select_related("actor")),
        "deadlines": list(case.deadlines.order_by("due", "id")),
        "interviews": list(case.interviews.all()),
        "documents": list(case.documents.select_related("uploaded_by")),
        "escalations": list(case.escalations.select_related("addressed_to", "deadline")),
    }


def deadline_list(*, user, filters=None):
    """The timer page's rows: the clocks still running (late first, then by due time)."""
    # Running = not met: a closed case keeps no unmet clock but its interviews' follow-up
    # checks, which stay on the page until they are checked (clocks.clock_rows).
    qs = (
        Deadline.objects.visible_to(user)
        .filter(met_at__isnull=True)
        .select_related("case", "office")
        .order_by("due", "id")
    )
    return DeadlineFilterSet(filled(filters), queryset=qs, user=user)


def timer_summary(*, queryset, now=None) -> list[dict]:
    """Per clock: how many are late, due within the window, running — one grouped query."""
    now = now or timezone.now()
    rows = (
        queryset.order_by()
        .values("kind")
        .annotate(
            late=Count("id", filter=late_q(now)),
            soon=Count("id", filter=soon_q(now)),
            running=Count("id"),
        )
        .order_by("kind")
    )
    return list(rows)


def due_counts(*, user, now=None) -> dict:
    """The home page's panel: open clocks late and due soon (one query)."""
    now = now or timezone.now()
    qs = Deadline.objects.visible_to(user).filter(met_at__isnull=True)
    return qs.aggregate(late=Count("id", filter=late_q(now)), soon=Count("id", filter=soon_q(now)))


def escalation_list(*, user):
    return Escalation.objects.visible_to(user).select_related("case", "deadline", "addressed_to")


def case_counts(*, queryset) -> dict:
    return queryset.order_by().aggregate(
        total=Count("id"), open=Count("id", filter=Q(closed_at__isnull=True))
    )


def offices(user):
    """Market regulation offices the user may hand a case to (within the jurisdiction)."""
    return referable(Organization, user, above=False).filter(regulates_market=True, is_active=True)


def enterprise_cases(*, user, enterprise, limit: int = 20) -> list[Case]:
    qs = Case.objects.visible_to(user).filter(enterprise=enterprise)
    return list(qs.select_related("office")[:limit])


# -- for other apps (credit, risk): set-based, no user scope (the caller scopes) -----------


def credited_accidents():
    """Accidents whose investigation report was approved, with a responsible enterprise
    and a grade: the ones that are credit records (credit/sources.py)."""
    return Case.objects.filter(
        kind=CaseKind.ACCIDENT, enterprise__isnull=False, stage__in=("approved", "closed")
    ).exclude(grade="")


def accidents_for_credit(*, since=None):
    """The facts of `credited_accidents` (one row each, values only)."""
    qs = credited_accidents()
    if since:
        qs = qs.filter(opened_at__gte=since)
    return qs.values(
        "id",
        "number",
        "enterprise_id",
        "region_id",
        "grade",
        "opened_at",
        "deaths",
        "injuries",
        "direct_loss",
    )


def accidents_for_risk(*, since=None):
    """Every accident as risk information (reported, whatever its stage): subject, product,
    equipment kind, grade and figures."""
    qs = Case.objects.filter(kind=CaseKind.ACCIDENT)
    if since:
        qs = qs.filter(opened_at__gte=since)
    return qs.values(
        "id",
        "number",
        "title",
        "enterprise_id",
        "product_id",
        "equipment_unit_id",
        "equipment_unit__kind_code",
        "region_id",
        "grade",
        "opened_at",
        "deaths",
        "injuries",
        "direct_loss",
        "stage",
    )


def major_accidents(*, region, year: int) -> list[dict]:
    """The accidents of the veto's grade or above (data/accident_grades.yaml `veto`) that
    happened in `region`'s area in `year`: the evidence of the assessment's veto item."""
    qs = Case.objects.in_region(region.code).filter(
        kind=CaseKind.ACCIDENT,
        grade__in=rules.grades_at_least(rules.veto_rule()["at_least"]),
        opened_at__year=year,
    )
    return list(
        qs.order_by("opened_at", "id").values(
            "id", "number", "title", "grade", "opened_at", "deaths", "injuries", "direct_loss"
        )
    )
