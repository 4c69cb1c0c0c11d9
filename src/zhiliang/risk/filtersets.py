"""The FilterSets of risk information and signals, shared by the API, the pages and the
xlsx export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.risk import rules
from zhiliang.risk.choices import SignalMethod, SignalStatus, SourceKind
from zhiliang.risk.models import RiskInformation, Signal


class ProductFilter(django_filters.CharFilter):
    """A product or a whole category of the catalogue by its code (0401, or 04)."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(Q(product__code=value) | Q(product__parent__code=value))


class RiskInformationFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("reference, description or enterprise"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    product = ProductFilter(label=_("product or category code"))
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices)
    hazard = DataChoiceFilter(label=_("hazard"), choices_of=rules.hazard_choices)
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    after = django_filters.DateFilter(
        label=_("on or after"), field_name="occurred_on", lookup_expr="gte"
    )
    before = django_filters.DateFilter(
        label=_("on or before"), field_name="occurred_on", lookup_expr="lte"
    )

    class Meta:
        model = RiskInformation
        fields = [
            "q",
            "region",
            "product",
            "source_kind",
            "hazard",
            "enterprise",
            "after",
            "before",
        ]

    def search_q(self, value):
        return (
            Q(reference__icontains=value)
            | Q(text__icontains=value)
            | Q(enterprise__name__icontains=value)
        )


class SignalFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    product = ProductFilter(label=_("product or category code"))
    method = django_filters.ChoiceFilter(label=_("method"), choices=SignalMethod.choices)
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("signal", "status"), choices=SignalStatus.choices
    )
    opened_after = django_filters.DateFilter(
        label=_("opened on or after"), field_name="opened_on", lookup_expr="gte"
    )

    class Meta:
        model = Signal
        fields = ["region", "product", "method", "status", "opened_after"]
