"""The FilterSets of experts, rounds, applications and holders (API, pages, exports)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.uscc import normalize
from zhiliang.recognition import rules
from zhiliang.recognition.choices import ApplicationStatus, HolderKind, HolderStatus
from zhiliang.recognition.models import Application, Expert, Holder, Round


def _search(queryset, value, *fields, uscc=None):
    value = (value or "").strip()
    if not value:
        return queryset
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": value})
    if uscc:
        q |= Q(**{f"{uscc}__startswith": normalize(value)})
    return queryset.filter(q)


class ExpertFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name, speciality or organisation"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Expert
        fields = ["q", "region"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "name", "speciality", "organisation")


class RoundFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("title"), method="search")
    scheme = DataChoiceFilter(label=_("scheme"), choices_of=rules.scheme_choices)
    year = django_filters.NumberFilter(label=_("year"))
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Round
        fields = ["q", "scheme", "year", "region"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "title")


class ApplicationFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise, USCC or product"), method="search")
    round = django_filters.NumberFilter(label=_("round (id)"), field_name="round")
    status = django_filters.ChoiceFilter(label=_("status"), choices=ApplicationStatus.choices)
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Application
        fields = ["q", "round", "status", "region"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "enterprise__name", "product", uscc="enterprise__uscc")


class HolderFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise, USCC or product"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=HolderKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=HolderStatus.choices)
    level = DataChoiceFilter(label=_("level"), choices_of=rules.level_choices)
    year = django_filters.NumberFilter(label=_("year"))
    flagged = django_filters.BooleanFilter(label=_("flagged for revocation"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Holder
        fields = ["q", "kind", "status", "level", "year", "flagged", "enterprise", "region"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "enterprise__name", "product", uscc="enterprise__uscc")
