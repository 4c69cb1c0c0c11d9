"""The FilterSets of injury surveillance, shared by the API, the list pages and exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.injuries import rules
from zhiliang.injuries.choices import Sex
from zhiliang.injuries.models import InjuryCase, SentinelHospital


def _choices(key):
    return lambda: rules.choices(key)


class HospitalFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("code or name"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    stratum = DataChoiceFilter(label=_("stratum"), choices_of=_choices("strata"))

    class Meta:
        model = SentinelHospital
        fields = ["q", "region", "stratum"]

    def search_q(self, value):
        return Q(code__icontains=value) | Q(name__icontains=value)


class CaseFilterSet(FilterSet):
    q = django_filters.CharFilter(label=pgettext_lazy("injury", "case number"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    hospital = django_filters.NumberFilter(label=_("sentinel hospital (id)"), field_name="hospital")
    product = django_filters.CharFilter(label=_("product or category code"), method="product_code")
    sex = django_filters.ChoiceFilter(label=_("sex"), choices=Sex.choices)
    body_part = DataChoiceFilter(label=_("body part"), choices_of=_choices("body_parts"))
    diagnosis = DataChoiceFilter(label=_("diagnosis"), choices_of=_choices("diagnoses"))
    disposition = DataChoiceFilter(label=_("disposition"), choices_of=_choices("dispositions"))
    place = DataChoiceFilter(label=_("place of injury"), choices_of=_choices("places"))
    treated_after = django_filters.DateFilter(
        label=_("treated on or after"), field_name="treated_on", lookup_expr="gte"
    )
    treated_before = django_filters.DateFilter(
        label=_("treated on or before"), field_name="treated_on", lookup_expr="lte"
    )

    class Meta:
        model = InjuryCase
        fields = [
            "q", "region", "hospital", "product", "sex", "body_part", "diagnosis",
            "disposition", "place", "treated_after", "treated_before",
        ]  # fmt: skip

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(case_number__icontains=value) if value else queryset

    def product_code(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        wanted = InjuryCase.products.through.objects.filter(product__code__startswith=value)
        return queryset.filter(pk__in=wanted.values("case_id"))
