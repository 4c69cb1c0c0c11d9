"""The FilterSets of campaigns, checks and key energy-using units (API, pages, exports)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.uscc import normalize
from zhiliang.metrology import rules
from zhiliang.metrology.models import Campaign, Check, EnergyUnit, Verdict


class CampaignFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("code or name"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    subject = DataChoiceFilter(label=_("subject"), choices_of=rules.subject_choices)

    class Meta:
        model = Campaign
        fields = ["q", "region", "subject"]

    def search_q(self, value):
        return Q(code__icontains=value) | Q(name__icontains=value)


class CheckFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("check number, item or enterprise"), method="search")
    campaign = django_filters.NumberFilter(label=_("campaign (id)"), field_name="campaign")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    verdict = django_filters.ChoiceFilter(label=_("verdict"), choices=Verdict.choices)

    class Meta:
        model = Check
        fields = ["q", "campaign", "region", "verdict"]

    def search_q(self, value):
        return (
            Q(number__icontains=value)
            | Q(item__icontains=value)
            | Q(enterprise__name__icontains=value)
        )


class EnergyUnitFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    short = django_filters.BooleanFilter(
        label=_("only units below a required rate"), method="below_required"
    )

    class Meta:
        model = EnergyUnit
        fields = ["q", "region", "short"]

    def search_q(self, value):
        return Q(name__icontains=value) | Q(enterprise__uscc__startswith=normalize(value))

    def below_required(self, queryset, name, value):
        if value is None:
            return queryset
        short = Q(meters__meets=False)
        ids = queryset.model.objects.filter(short).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)
