"""Reads of supervision sampling. Every list starts from `visible_to(user)`."""

from __future__ import annotations

from django.db.models import Count, Q

from zhiliang.core.models.regions import subtree_ids
from zhiliang.core.summaries import head_and_total
from zhiliang.inspections import draw as drawing
from zhiliang.inspections.choices import OPEN_STATES, Verdict
from zhiliang.inspections.models import Draw, FollowUp, Sample, SamplingPlan


def plans_open_to(user):
    """Plans a user may record samples for: those of their jurisdiction and below, and those
    of the levels above it (a provincial plan sampled in a county)."""
    region = getattr(user, "jurisdiction", None) if user else None
    if region is None or not user.reads_business_data:
        return SamplingPlan.objects.none()
    ancestors = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
    return SamplingPlan.objects.filter(
        Q(region__id__range=subtree_ids(region.code)) | Q(region__code__in=ancestors)
    )


def draw_verify(draw: Draw) -> drawing.Verification:
    """Re-run a draw from its seed and stored inputs (what `zhiliang sampling verify-draw`
    does); `.ok`, `.message`, `.differences`, `.notes`."""
    return drawing.verify(draw)


def draw_shares(draw: Draw) -> dict:
    """Picks per share (random / weighted), counted in the database."""
    rows = draw.picks.values("share").annotate(n=Count("id")).order_by("share")
    return {r["share"]: r["n"] for r in rows}


def followups_overdue(user):
    return FollowUp.objects.visible_to(user).filter(state__in=OPEN_STATES, overdue=True)


# -- home page panels: one query each ---------------------------------------------------


def home_overdue_followups(*, user) -> tuple[int, list]:
    followups = followups_overdue(user).select_related("sample", "sample__enterprise")
    return head_and_total(followups.order_by("due_on", "id"))


def home_samples(*, user) -> dict:
    """Samples awaiting a verdict, and failed samples whose follow-up is not yet opened."""
    return Sample.objects.visible_to(user).aggregate(
        pending=Count("pk", filter=Q(verdict=Verdict.PENDING)),
        failed_waiting=Count("pk", filter=Q(verdict=Verdict.FAIL, follow_up__isnull=True)),
    )


def home_open_draws(*, user) -> tuple[int, list]:
    """Published draws with drawn enterprises not yet sampled, oldest first."""
    draws = (
        Draw.objects.visible_to(user)
        .filter(published_at__isnull=False)
        .annotate(unsampled=Count("picks", filter=Q(picks__samples__isnull=True), distinct=True))
        .filter(unsampled__gt=0)
        .select_related("plan")
        .order_by("published_at", "id")
    )
    return head_and_total(draws)
