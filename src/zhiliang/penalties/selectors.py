"""Reads of the penalty and abnormal-listing registries, always through `visible_to(user)`."""

from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.core.filtersets import filled
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.penalties.filtersets import AbnormalListingFilterSet, PenaltyFilterSet, public_q
from zhiliang.penalties.models import AbnormalListing, Penalty


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
