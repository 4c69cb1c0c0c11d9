"""Reads of foreign recalls, always through `visible_to(user)`: the list (with how many
matches are proposed and confirmed, in the same query), one notice, its matches, and the
confirmed ones of an enterprise (its file)."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from zhiliang.cases import foreign_rules
from zhiliang.cases.foreign_models import ForeignMatch, ForeignRecall, MatchStatus
from zhiliang.core.filtersets import FilterSet, filled


class ForeignRecallFilterSet(FilterSet):
    q = django_filters.CharFilter(
        label=_("reference, product, brand or manufacturer"), method="search"
    )
    source = django_filters.ChoiceFilter(label=_("source of the notice"), choices=[])
    match = django_filters.ChoiceFilter(
        label=_("matches"),
        choices=[
            ("proposed", _("with a match to decide")),
            ("confirmed", _("with a confirmed match")),
            ("none", _("without a match")),
        ],
        method="by_match",
    )
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), method="by_enterprise")
    data_choices = {"source": foreign_rules.source_choices}

    class Meta:
        model = ForeignRecall
        fields = ["q", "source", "match", "enterprise"]

    def search_q(self, value):
        return (
            Q(reference__icontains=value)
            | Q(product_description__icontains=value)
            | Q(brand__icontains=value)
            | Q(manufacturer__icontains=value)
        )

    def by_match(self, queryset, name, value):
        if value == "none":
            return queryset.exclude(
                matches__status__in=[MatchStatus.PROPOSED, MatchStatus.CONFIRMED]
            )
        if value in (MatchStatus.PROPOSED, MatchStatus.CONFIRMED):
            return queryset.filter(matches__status=value).distinct()
        return queryset

    def by_enterprise(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            matches__enterprise=value, matches__status=MatchStatus.CONFIRMED
        ).distinct()


class ForeignMatchFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=MatchStatus.choices)
    foreign_recall = django_filters.NumberFilter(
        label=_("foreign recall (id)"), field_name="foreign_recall"
    )

    class Meta:
        model = ForeignMatch
        fields = ["status", "foreign_recall"]


def foreign_recall_list(*, user, filters=None):
    qs = ForeignRecall.objects.visible_to(user).annotate(
        proposed=Count("matches", filter=Q(matches__status=MatchStatus.PROPOSED)),
        confirmed=Count("matches", filter=Q(matches__status=MatchStatus.CONFIRMED)),
    )
    return ForeignRecallFilterSet(
        filled(filters), queryset=qs.order_by("-notified_on", "-id"), user=user
    )


def foreign_recall_get(*, user, pk) -> ForeignRecall:
    return ForeignRecall.objects.visible_to(user).select_related("product", "office").get(pk=pk)


def foreign_matches(*, user, recall: ForeignRecall) -> list[ForeignMatch]:
    """The notice's matches among the enterprises the user sees."""
    qs = ForeignMatch.objects.visible_to(user).filter(foreign_recall=recall)
    return list(qs.select_related("enterprise", "decided_by", "recall_case", "risk_item"))


def foreign_match_get(*, user, pk) -> ForeignMatch:
    return (
        ForeignMatch.objects.visible_to(user)
        .select_related("foreign_recall", "enterprise__region")
        .get(pk=pk)
    )


def enterprise_foreign_recalls(*, user, enterprise):
    """The confirmed matches of an enterprise, for its file."""
    return ForeignMatch.objects.visible_to(user).filter(
        enterprise=enterprise, status=MatchStatus.CONFIRMED
    )
