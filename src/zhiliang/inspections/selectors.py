"""Reads of supervision sampling: every query a page or the API needs. Every list starts
from `visible_to(user)` (the public results from what is published)."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery

from zhiliang.core.freshness import cached_aggregate
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.core.models.regions import subtree_ids
from zhiliang.core.summaries import head_and_total
from zhiliang.enterprises.models import Product
from zhiliang.inspections import draw as drawing
from zhiliang.inspections.choices import OPEN_STATES, FollowUpState, PlanLevel, Verdict
from zhiliang.inspections.filtersets import SampleFilterSet
from zhiliang.inspections.models import (
    Draw,
    DrawInspector,
    DrawPick,
    FollowUp,
    FollowUpStep,
    Inspector,
    Sample,
    SamplingPlan,
    TestItem,
)


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


# -- plans ----------------------------------------------------------------------------------------


def sampling_authorities(user):
    """Bodies that may be a plan's authority: market regulation bureaus of the user's
    jurisdiction (education or finance bureaus may not sample)."""
    return referable(Organization, user, above=False).filter(regulates_market=True, is_active=True)


def default_authority(user) -> Organization | None:
    """The bureau of the user's own region, which a new plan names unless told otherwise."""
    authorities = sampling_authorities(user).order_by("region__code", "id")
    region = getattr(user, "jurisdiction", None)
    return authorities.filter(region=region).first() or authorities.first()


def plans_listed(user) -> list[tuple[SamplingPlan, int]]:
    """(plan, number of samples) for the user's plans, with quota and draw counts."""
    plans = (
        SamplingPlan.objects.visible_to(user)
        .select_related("region", "authority")
        .annotate(n_quotas=Count("quotas", distinct=True), n_draws=Count("draws", distinct=True))
    )
    # Counted apart: a third join would multiply the other two counts.
    samples = dict(
        Sample.objects.filter(plan__in=plans.values("pk"))
        .values("plan")
        .annotate(n=Count("id"))
        .values_list("plan", "n")
    )
    return [(p, samples.get(p.pk, 0)) for p in plans]


def plan_quotas(plan: SamplingPlan):
    return plan.quotas.select_related("product", "region").annotate(n_picks=Count("picks"))


def plan_draws(plan: SamplingPlan):
    return plan.draws.select_related("created_by", "published_by").annotate(n_picks=Count("picks"))


def plan_samples(user, plan: SamplingPlan):
    return Sample.objects.visible_to(user).filter(plan=plan)


def verdict_counts(samples) -> dict:
    return samples.aggregate(
        total=Count("id"),
        passed=Count("id", filter=Q(verdict=Verdict.PASS)),
        failed=Count("id", filter=Q(verdict=Verdict.FAIL)),
        pending=Count("id", filter=Q(verdict=Verdict.PENDING)),
    )


# -- draws ----------------------------------------------------------------------------------------


def draw_picks(draw: Draw):
    """Who was drawn, with their team and the first sample taken of each pick."""
    first_sample = Sample.objects.filter(pick=OuterRef("pk")).order_by("id").values("pk")[:1]
    team = DrawInspector.objects.select_related("inspector").order_by("id")
    return (
        DrawPick.objects.filter(draw=draw)
        .select_related("enterprise", "enterprise__region", "quota__product", "quota__region")
        .annotate(sample_id=Subquery(first_sample))
        .prefetch_related(Prefetch("team", queryset=team))
        .order_by("quota_id", "order")
    )


# -- samples --------------------------------------------------------------------------------------


def samples_visible(user):
    return Sample.objects.visible_to(user).select_related(
        "enterprise", "product", "product__parent", "plan", "region"
    )


def sample_follow_up(sample: Sample) -> FollowUp | None:
    return FollowUp.objects.filter(sample=sample).first()


def samples_of(user, *, year: str = "", level: str = ""):
    """The user's samples of a year and a plan level (either may be empty: all)."""
    samples = Sample.objects.visible_to(user)
    if year.isdigit():
        samples = samples.filter(sampled_on__year=int(year))
    if level in PlanLevel.values:
        samples = samples.filter(plan__level=level)
    return samples


def sample_years(user) -> list[int]:
    dates = Sample.objects.visible_to(user).dates("sampled_on", "year", order="DESC")
    return [d.year for d in dates]


def public_results(*, product: str = "", verdict: str = ""):
    """Published results for everyone: never anything unpublished; the failed items of each."""
    failed_items = Prefetch(
        "test_items",
        queryset=TestItem.objects.filter(verdict=Verdict.FAIL).order_by("order", "id"),
        to_attr="failed_items",
    )
    results = (
        Sample.objects.filter(published_at__isnull=False)
        .select_related("enterprise", "product", "plan__authority")
        .prefetch_related(failed_items)
        .order_by("-published_at", "-id")
    )
    if product:
        results = results.filter(Q(product__name__contains=product) | Q(product__code=product))
    if verdict in (Verdict.PASS, Verdict.FAIL):
        results = results.filter(verdict=verdict)
    return results


# -- follow-ups -----------------------------------------------------------------------------------


def followup_state_counts(user) -> dict:
    rows = FollowUp.objects.visible_to(user).values("state").annotate(n=Count("id"))
    return dict(rows.values_list("state", "n"))


def followups_listed(user, state: str = ""):
    """The follow-ups in `state`, or all open ones; the nearest deadline first."""
    listed = FollowUp.objects.visible_to(user).select_related(
        "sample", "sample__enterprise", "sample__product"
    )
    if state in FollowUpState.values:
        listed = listed.filter(state=state)
    else:
        listed = listed.filter(state__in=OPEN_STATES)
    return listed.order_by(F("due_on").asc(nulls_last=True), "id")


# -- inspectors -----------------------------------------------------------------------------------


def inspectors_listed(user, q: str = ""):
    inspectors = (
        Inspector.objects.visible_to(user)
        .select_related("organization")
        .annotate(n_conflicts=Count("conflicts"))
        .order_by("organization_id", "name", "id")
    )
    if q:
        inspectors = inspectors.filter(Q(name__contains=q) | Q(organization__name__contains=q))
    return inspectors


def inspector_recent_picks(inspector: Inspector, *, user, n: int = 20):
    # Only draws the user may open: a city draw is not a district user's to see.
    return (
        DrawInspector.objects.filter(
            inspector=inspector, pick__draw__in=Draw.objects.visible_to(user)
        )
        .select_related("pick__enterprise", "pick__draw__plan")
        .order_by("-pick__draw__created_at")[:n]
    )


def pick_product(pick: DrawPick) -> Product | None:
    """The product to sample at a drawn enterprise: the quota's product, or for a quota of a
    category the first product of it that the enterprise makes."""
    product = pick.quota.product
    if product.parent_id is not None:
        return product
    return (
        Product.objects.filter(parent=product, makers__enterprise_id=pick.enterprise_id)
        .order_by("code")
        .first()
    )


def pick_initial(user, pick_id) -> dict:
    """What a new sample of a drawn enterprise starts with: plan, USCC and product. Empty
    for a pick the user may not see or of a draw not yet published."""
    try:
        pick = (
            DrawPick.objects.filter(
                draw__in=Draw.objects.visible_to(user), draw__published_at__isnull=False
            )
            .select_related("draw", "enterprise", "quota__product")
            .get(pk=pick_id)
        )
    except (DrawPick.DoesNotExist, ValueError, TypeError):
        return {}
    product = pick_product(pick)
    return {
        "plan": pick.draw.plan_id,
        "uscc": pick.enterprise.uscc,
        **({"product": product.pk} if product else {}),
    }


# -- home page panels: one query each ---------------------------------------------------


def home_overdue_followups(*, user) -> tuple[int, list]:
    followups = followups_overdue(user).select_related("sample", "sample__enterprise")
    return head_and_total(followups.order_by("due_on", "id"))


def home_samples(*, user) -> dict:
    """Samples awaiting a verdict, and failed samples whose follow-up is not yet opened."""
    return cached_aggregate(
        Sample.objects.visible_to(user),
        pending=Count("pk", filter=Q(verdict=Verdict.PENDING)),
        failed_waiting=Count("pk", filter=Q(verdict=Verdict.FAIL, follow_up__isnull=True)),
    )


def home_open_draws(*, user) -> tuple[int, list]:
    """Published draws with drawn enterprises not yet sampled, oldest first: the draw list
    filtered `to_sample=true` counts the same ones (one rule, `draws_to_sample`)."""
    draws = (
        draws_to_sample(Draw.objects.visible_to(user))
        .annotate(unsampled=UNSAMPLED)
        .select_related("plan")
        .order_by("published_at", "id")
    )
    return head_and_total(draws)


# -- the draw list ------------------------------------------------------------------------

# Drawn enterprises of a draw with no sample recorded against their pick.
UNSAMPLED = Count("picks", filter=Q(picks__samples__isnull=True), distinct=True)


def _to_sample() -> Q:
    pending = DrawPick.objects.filter(draw=OuterRef("pk"), samples__isnull=True)
    return Q(published_at__isnull=False) & Q(Exists(pending))


def draws_to_sample(draws, to_sample: bool = True):
    """Published draws with an enterprise still to sample (or, `False`, the others)."""
    return draws.filter(_to_sample()) if to_sample else draws.exclude(_to_sample())


def draw_list(*, user, filters=None):
    """The draw list's FilterSet over the user's draws, each with its counts of drawn and
    still unsampled enterprises (grouped in the one query of the page)."""
    from zhiliang.inspections.filtersets import DrawFilterSet

    qs = (
        Draw.objects.visible_to(user)
        .defer("pools", "inputs", "result")
        .select_related("plan", "plan__region")
        .annotate(n_picks=Count("picks", distinct=True), unsampled=UNSAMPLED)
        .order_by("-created_at", "-id")
    )
    data = {k: v for k, v in (filters or {}).items() if str(v).strip()}
    return DrawFilterSet(data, queryset=qs, user=user)


def draw_visible(user, draw_id) -> bool:
    """Whether the user may open the draw (a district's sample may come from a city draw)."""
    return draw_id is not None and Draw.objects.visible_to(user).filter(pk=draw_id).exists()


# -- the pages' records and lists: one getter per record page ----------------------------


def plan_get(*, user, pk) -> SamplingPlan:
    return SamplingPlan.objects.visible_to(user).select_related("region", "authority").get(pk=pk)


def draw_get(*, user, pk) -> Draw:
    return (
        Draw.objects.visible_to(user)
        .select_related("plan", "plan__region", "created_by", "published_by")
        .get(pk=pk)
    )


def sample_get(*, user, pk) -> Sample:
    return (
        Sample.objects.visible_to(user)
        .select_related(
            "enterprise", "product", "plan", "region", "laboratory", "pick__draw", "created_by"
        )
        .get(pk=pk)
    )


def followup_get(*, user, pk) -> FollowUp:
    return (
        FollowUp.objects.visible_to(user)
        .select_related("sample", "sample__enterprise", "sample__product")
        .get(pk=pk)
    )


def inspector_get(*, user, pk) -> Inspector:
    return Inspector.objects.visible_to(user).select_related("organization").get(pk=pk)


def sample_list(*, user, filters=None):
    """The samples page's FilterSet over the user's samples."""
    return SampleFilterSet(filters or {}, queryset=samples_visible(user), user=user)


def sample_filter_choices(*, user) -> dict:
    """What the samples page offers to filter by: the user's plans and the categories."""
    return {
        "plans": SamplingPlan.objects.visible_to(user).only("id", "name", "year"),
        "categories": Product.objects.filter(parent__isnull=True).order_by("code"),
    }


def sample_items(sample: Sample):
    return sample.test_items.all()


def followup_steps_done(follow_up: FollowUp):
    return follow_up.steps.select_related("actor")


def inspector_conflicts(inspector: Inspector):
    return inspector.conflicts.select_related("enterprise", "organization")


def followup_step_get(*, user, pk) -> FollowUpStep:
    return FollowUpStep.objects.visible_to(user).get(pk=pk)
