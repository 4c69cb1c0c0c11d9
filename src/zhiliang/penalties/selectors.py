"""Reads of the penalty and abnormal-listing registries, always through `visible_to(user)`."""

from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.core.filtersets import filled
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.penalties import listing_rules
from zhiliang.penalties.filtersets import (
    AbnormalListingFilterSet,
    PenaltyFilterSet,
    PenaltyRepairFilterSet,
    SeriousViolationFilterSet,
    listed_q,
    public_q,
    serious_public_q,
)
from zhiliang.penalties.models import AbnormalListing, Penalty, PenaltyRepair, SeriousViolation


def penalty_list(*, user, filters=None):
    qs = Penalty.objects.visible_to(user).select_related(
        "enterprise", "enterprise__region", "enforcing_body"
    )
    return PenaltyFilterSet(filled(filters), queryset=qs, user=user)


def penalty_get(*, user, pk) -> Penalty:
    return (
        Penalty.objects.visible_to(user)
        .select_related("enterprise", "enterprise__region", "enforcing_body")
        .get(pk=pk)
    )


def listing_list(*, user, filters=None):
    qs = AbnormalListing.objects.visible_to(user).select_related(
        "enterprise", "enterprise__region", "deciding_body"
    )
    return AbnormalListingFilterSet(filled(filters), queryset=qs, user=user)


def listing_get(*, user, pk) -> AbnormalListing:
    return (
        AbnormalListing.objects.visible_to(user)
        .select_related("enterprise", "enterprise__region", "deciding_body")
        .get(pk=pk)
    )


def penalty_counts(*, queryset) -> dict:
    """How many of the filtered penalties are in force and public today: one query."""
    return queryset.order_by().aggregate(
        total=Count("id"), public=Count("id", filter=public_q(timezone.localdate()))
    )


def listing_counts(*, queryset) -> dict:
    return queryset.order_by().aggregate(
        total=Count("id"), open=Count("id", filter=Q(removed_on__isnull=True))
    )


def deciding_bodies(user):
    """Market regulation bodies the user may name as enforcing or deciding body."""
    return referable(Organization, user).filter(regulates_market=True, is_active=True)


# -- the serious-violation list -----------------------------------------------------------

_SERIOUS_RELATED = ("enterprise", "enterprise__region", "deciding_body", "penalty")


def serious_list(*, user, filters=None):
    qs = SeriousViolation.objects.visible_to(user).select_related(*_SERIOUS_RELATED)
    return SeriousViolationFilterSet(filled(filters), queryset=qs, user=user)


def serious_get(*, user, pk) -> SeriousViolation:
    return SeriousViolation.objects.visible_to(user).select_related(*_SERIOUS_RELATED).get(pk=pk)


def serious_counts(*, queryset) -> dict:
    return queryset.order_by().aggregate(
        total=Count("id"), listed=Count("id", filter=listed_q(timezone.localdate()))
    )


def seriously_listed_ids(*, as_of=None):
    """The ids of the enterprises on the serious-violation list on `as_of` (default today),
    as a subquery: `Enterprise.objects.filter(pk__in=seriously_listed_ids())`. Set-based,
    for the credit classes (on the list → class D), sampling and award applications."""
    day = as_of or timezone.localdate()
    return SeriousViolation.objects.filter(listed_q(day)).values("enterprise_id")


def listing_measures(*, enterprise, as_of=None) -> dict:
    """What the serious-violation list means for one enterprise on `as_of`: listed or not,
    the listing, and the measures (data/serious_rules.yaml): the minimum sampling ratio,
    barred from award and evaluation applications, flagged in its file."""
    day = as_of or timezone.localdate()
    listing = (
        SeriousViolation.objects.filter(listed_q(day), enterprise=enterprise)
        .order_by("-listed_on")
        .first()
    )
    rules = listing_rules.measures()
    listed = listing is not None
    return {
        "listed": listed,
        "listing": listing,
        "min_sampling_ratio": rules["min_sampling_ratio"] if listed else None,
        "barred_from_awards": listed and bool(rules["barred_from_awards"]),
        "flagged": listed,
    }


# -- repair applications ------------------------------------------------------------------

_REPAIR_RELATED = ("penalty", "penalty__enterprise", "penalty__enterprise__region")


def repair_list(*, user, filters=None):
    qs = PenaltyRepair.objects.visible_to(user).select_related(*_REPAIR_RELATED)
    return PenaltyRepairFilterSet(filled(filters), queryset=qs, user=user)


def repair_get(*, user, pk) -> PenaltyRepair:
    return PenaltyRepair.objects.visible_to(user).select_related(*_REPAIR_RELATED).get(pk=pk)


def repaired_penalties(*, user):
    """The penalties whose repair was granted, for other platforms to follow."""
    return (
        Penalty.objects.visible_to(user)
        .filter(repaired_on__isnull=False)
        .select_related("enterprise", "enterprise__region", "enforcing_body")
        .order_by("-repaired_on", "-id")
    )


# -- public pages (no login): only what is inside its window today -----------------------


def _public_search(qs, q: str):
    from zhiliang.enterprises.uscc import normalize

    q = (q or "").strip()
    if not q:
        return qs
    return qs.filter(
        Q(enterprise__name__icontains=q) | Q(enterprise__uscc__startswith=normalize(q))
    )


def public_serious(*, q: str = "", today=None):
    day = today or timezone.localdate()
    qs = SeriousViolation.objects.filter(serious_public_q(day)).select_related(
        "enterprise", "deciding_body"
    )
    return _public_search(qs, q).order_by("-published_on", "-id")


def public_penalties(*, q: str = "", today=None):
    day = today or timezone.localdate()
    qs = Penalty.objects.filter(public_q(day)).select_related("enterprise", "enforcing_body")
    return _public_search(qs, q).order_by("-public_from", "-id")
