"""The one FilterSet per model, shared by the API, the list pages and the xlsx exports."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.credit import rules
from zhiliang.credit.models import CreditClass, CreditRecord
from zhiliang.enterprises.choices import RiskClass
from zhiliang.enterprises.filtersets import enterprise_q


class CreditRecordFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    kind = django_filters.ChoiceFilter(label=_("kind of record"), choices=rules.kind_choices())
    after = django_filters.DateFilter(
        label=_("on or after"), field_name="occurred_on", lookup_expr="gte"
    )
    before = django_filters.DateFilter(
        label=_("on or before"), field_name="occurred_on", lookup_expr="lte"
    )

    class Meta:
        model = CreditRecord
        fields = ["q", "region", "enterprise", "kind"]

    data_choices = {"kind": rules.kind_choices}

    def search_q(self, value):
        return enterprise_q(value)


class CreditClassFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    risk_class = django_filters.MultipleChoiceFilter(
        label=_("credit risk class"), field_name="effective_class", choices=RiskClass.choices,
        distinct=False,
    )  # fmt: skip
    overridden = django_filters.BooleanFilter(label=_("set by the office"), method="set_by_office")
    is_default = django_filters.BooleanFilter(label=_("default class (no records)"))

    class Meta:
        model = CreditClass
        fields = ["q", "region", "enterprise", "risk_class", "is_default"]

    def search_q(self, value):
        return enterprise_q(value)

    def set_by_office(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(override_until__gt=timezone.localdate()) & ~Q(override_class="")
        return queryset.filter(q) if value else queryset.exclude(q)
