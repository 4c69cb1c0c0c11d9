"""The FilterSets of surveys and responses, shared by the API, the pages and the exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.satisfaction import rules
from zhiliang.satisfaction.models import Response, Survey


class SurveyFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("code, title or survey firm"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = Survey
        fields = ["q", "region", "year"]

    def search_q(self, value):
        return (
            Q(code__icontains=value) | Q(title__icontains=value) | Q(conducted_by__icontains=value)
        )


class ResponseFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("respondent number"), method="search")
    survey = django_filters.NumberFilter(label=_("survey (id)"), field_name="survey")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    sector = DataChoiceFilter(label=_("sector"), choices_of=rules.sector_choices)
    straight_lined = django_filters.BooleanFilter(label=_("only straight-lining"))

    class Meta:
        model = Response
        fields = ["q", "survey", "region", "sector", "straight_lined"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(respondent__icontains=value) if value else queryset
