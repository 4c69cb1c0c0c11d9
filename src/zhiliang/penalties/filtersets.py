"""The one FilterSet per model, shared by the API, the list pages and the xlsx exports."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.filtersets import enterprise_q
from zhiliang.penalties import listing_rules, rules
from zhiliang.penalties.choices import SHOWN, PenaltyStatus, RepairStatus, SeriousStatus
from zhiliang.penalties.models import AbnormalListing, Penalty, PenaltyRepair, SeriousViolation


def public_q(today) -> Q:
    """In force and inside its publication window on `today`."""
    return Q(status=PenaltyStatus.IN_FORCE, public_from__lte=today, public_until__gt=today)


def serious_public_q(today) -> Q:
    """On the public serious-violation list on `today`: published, not removed, not past
    the end of its period."""
    return Q(status__in=SHOWN, published_on__lte=today, ends_on__gt=today) & (
        Q(removed_on__isnull=True) | Q(removed_on__gt=today)
    )


def listed_q(day) -> Q:
    """Listed on `day` (the measures apply): decided on or before it, not yet removed."""
    return (
        Q(listed_on__lte=day, ends_on__gt=day)
        & ~Q(status__in=(SeriousStatus.PROPOSED, SeriousStatus.NOTIFIED, SeriousStatus.DROPPED))
        & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    )


class PenaltyFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("decision number, enterprise or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    kind = django_filters.ChoiceFilter(label=_("kind of penalty"), choices=rules.kind_choices())
    status = django_filters.MultipleChoiceFilter(
        label=_("decision status"), choices=PenaltyStatus.choices, distinct=False
    )
    decided_after = django_filters.DateFilter(
        label=_("decided on or after"), field_name="decided_on", lookup_expr="gte"
    )
    decided_before = django_filters.DateFilter(
        label=_("decided on or before"), field_name="decided_on", lookup_expr="lte"
    )
    public = django_filters.BooleanFilter(label=_("public today"), method="public_today")
    data_choices = {"kind": rules.kind_choices}

    class Meta:
        model = Penalty
        fields = ["q", "region", "enterprise", "kind", "status"]

    def search_q(self, value):
        return Q(decision_number__icontains=value) | enterprise_q(value)

    def public_today(self, queryset, name, value):
        if value is None:
            return queryset
        q = public_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class AbnormalListingFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    reason = django_filters.ChoiceFilter(
        label=_("reason for listing"), choices=rules.reason_choices()
    )
    listed_after = django_filters.DateFilter(
        label=_("listed on or after"), field_name="listed_on", lookup_expr="gte"
    )
    listed_before = django_filters.DateFilter(
        label=_("listed on or before"), field_name="listed_on", lookup_expr="lte"
    )
    open = django_filters.BooleanFilter(label=_("still listed"), method="still_listed")
    data_choices = {"reason": rules.reason_choices}

    class Meta:
        model = AbnormalListing
        fields = ["q", "region", "enterprise", "reason"]

    def search_q(self, value):
        return enterprise_q(value)

    def still_listed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(removed_on__isnull=value)


class SeriousViolationFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise, USCC or decision number"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    category = django_filters.ChoiceFilter(
        label=_("kind of serious violation"), choices=listing_rules.category_choices()
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("step"), choices=SeriousStatus.choices, distinct=False
    )
    listed = django_filters.BooleanFilter(label=_("listed today"), method="listed_today")
    data_choices = {"category": listing_rules.category_choices}

    class Meta:
        model = SeriousViolation
        fields = ["q", "region", "enterprise", "category", "status"]

    def search_q(self, value):
        return Q(decision_number__icontains=value) | enterprise_q(value)

    def listed_today(self, queryset, name, value):
        if value is None:
            return queryset
        q = listed_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class PenaltyRepairFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("decision number, enterprise or USCC"), method="search")
    region = RegionSubtreeFilter(
        label=_("region (with everything below it)"), field_name="penalty__enterprise__region"
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("review"), choices=RepairStatus.choices, distinct=False
    )

    class Meta:
        model = PenaltyRepair
        fields = ["q", "region", "status"]

    def search_q(self, value):
        return Q(penalty__decision_number__icontains=value) | enterprise_q(
            value, "penalty__enterprise"
        )
