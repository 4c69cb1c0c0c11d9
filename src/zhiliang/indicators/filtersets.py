"""The FilterSets of the indicators app, shared by the API, the pages and the exports.

Codes are checked: an unknown indicator, region or a malformed period is a 400 with a
message saying what is wrong, not an empty list.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, RegionCodeField
from zhiliang.core.models import Region
from zhiliang.indicators import periods as P
from zhiliang.indicators.choices import IndicatorKind, PeriodKind, ValueSource
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue


class IndicatorCodeField(forms.CharField):
    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if value and not Indicator.objects.filter(code=value).exists():
            raise forms.ValidationError(
                _("There is no indicator with code %(c)s; /api/indicators/ lists them.")
                % {"c": value}
            )
        return value


class PeriodCodeField(forms.CharField):
    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if value:
            try:
                return P.parse(value).code
            except P.PeriodError as exc:
                raise forms.ValidationError(str(exc)) from None
        return value


class IndicatorFilter(django_filters.CharFilter):
    field_class = IndicatorCodeField


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodCodeField


class RegionCodeFilter(django_filters.CharFilter):
    field_class = RegionCodeField


class IndicatorFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("code or name"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=IndicatorKind.choices)
    app = django_filters.CharFilter(label=_("defined by (app)"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Indicator
        fields = ["q", "kind", "app", "active"]

    def search_q(self, value):
        return Q(code__icontains=value) | Q(name__icontains=value) | Q(name_en__icontains=value)


class IndicatorValueFilterSet(FilterSet):
    indicator = IndicatorFilter(label=_("indicator code"), field_name="indicator__code")
    region = RegionCodeFilter(label=_("region code (that region only)"), method="exact_region")
    within = RegionCodeFilter(
        label=_("region code (the region and everything below it)"), method="subtree"
    )
    parent = RegionCodeFilter(
        label=_("parent region code (its direct children)"), method="children"
    )
    level = django_filters.ChoiceFilter(
        label=_("region level (1 province … 4 township)"),
        choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4")],
        field_name="region__level",
    )
    period = PeriodFilter(label=_("period: 2025, 2025-Q1, 2025-03 or 2024/2025"))
    period_kind = django_filters.ChoiceFilter(label=_("kind of period"), choices=PeriodKind.choices)
    source = django_filters.ChoiceFilter(label=_("source"), choices=ValueSource.choices)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "region",
            "within",
            "parent",
            "level",
            "period",
            "period_kind",
            "source",
        ]

    def exact_region(self, queryset, name, value):
        return queryset.filter(region__code=value) if value else queryset

    def subtree(self, queryset, name, value):
        return queryset.in_region(value) if value else queryset

    def children(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(region__parent_id=Region.objects.get(code=value).pk)


class ReportedValueFilterSet(FilterSet):
    indicator = IndicatorFilter(label=_("indicator code"), field_name="indicator__code")
    within = RegionCodeFilter(
        label=_("region code (the region and everything below it)"), method="subtree"
    )
    period = PeriodFilter(label=_("period"))

    class Meta:
        model = ReportedValue
        fields = ["indicator", "within", "period"]

    def subtree(self, queryset, name, value):
        return queryset.in_region(value) if value else queryset


class ComputeRunFilterSet(FilterSet):
    class Meta:
        model = ComputeRun
        fields = ["status", "trigger"]
