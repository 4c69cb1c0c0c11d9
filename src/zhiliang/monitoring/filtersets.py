"""The FilterSets of risk monitoring, shared by the API, the list pages and the export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.monitoring.choices import Channel, Verdict
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem
from zhiliang.risk.filtersets import ProductFilter


class PlanFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name"), field_name="name", lookup_expr="icontains")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = Plan
        fields = ["q", "region", "year"]


class TestItemFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan (id)"), field_name="plan")
    product = ProductFilter(label=_("product or category code"))

    class Meta:
        model = TestItem
        fields = ["plan", "product"]


class PurchaseFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("number, sample, brand or shop"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    plan = django_filters.NumberFilter(label=_("plan (id)"), field_name="plan")
    product = ProductFilter(label=_("product or category code"))
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)
    verdict = django_filters.ChoiceFilter(label=_("verdict"), choices=Verdict.choices)
    after = django_filters.DateFilter(
        label=_("bought on or after"), field_name="bought_on", lookup_expr="gte"
    )
    before = django_filters.DateFilter(
        label=_("bought on or before"), field_name="bought_on", lookup_expr="lte"
    )

    class Meta:
        model = Purchase
        fields = ["q", "region", "plan", "product", "channel", "verdict", "after", "before"]

    def search_q(self, value):
        return (
            Q(number__icontains=value)
            | Q(sample_name__icontains=value)
            | Q(brand__icontains=value)
            | Q(shop__icontains=value)
        )


class ResultFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    purchase = django_filters.NumberFilter(label=_("purchase (id)"), field_name="purchase")
    verdict = django_filters.ChoiceFilter(label=_("verdict"), choices=Verdict.choices)

    class Meta:
        model = Result
        fields = ["region", "purchase", "verdict"]
