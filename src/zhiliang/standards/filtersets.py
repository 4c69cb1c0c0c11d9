"""The FilterSets of the standards registry (API, pages, exports)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.filtersets import enterprise_q
from zhiliang.standards import rules
from zhiliang.standards.choices import PilotStatus, StandardStatus
from zhiliang.standards.models import Adoption, Drafting, EnterpriseStandard, Pilot, Standard


def _status_q(value: str, today) -> Q:
    withdrawn = Q(withdrawn_on__lte=today)
    if value == StandardStatus.WITHDRAWN:
        return withdrawn
    if value == StandardStatus.UPCOMING:
        return Q(implemented_on__gt=today) & ~withdrawn
    return Q(implemented_on__lte=today) & ~withdrawn


class StandardFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("number or title"), method="search")
    level = DataChoiceFilter(label=_("level"), choices_of=rules.level_choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=StandardStatus.choices,
                                         method="by_status")  # fmt: skip
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    overdue = django_filters.BooleanFilter(label=_("only standards overdue for review"),
                                           method="review_overdue")  # fmt: skip

    class Meta:
        model = Standard
        fields = ["q", "level", "status", "region", "enterprise", "overdue"]

    def search_q(self, value):
        return Q(number__icontains=rules.normalize_number(value)) | Q(title__icontains=value)

    def by_status(self, queryset, name, value):
        return queryset.filter(_status_q(value, timezone.localdate())) if value else queryset

    def review_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        due = Q(review_due_on__lt=today) & _status_q(StandardStatus.CURRENT, today)
        return queryset.filter(due) if value else queryset.exclude(due)


class _ByEnterprise(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    standard = django_filters.NumberFilter(label=_("standard (id)"), field_name="standard")


class EnterpriseStandardFilterSet(_ByEnterprise):
    q = django_filters.CharFilter(label=_("enterprise, USCC, product or standard"),
                                  method="search")  # fmt: skip
    product = django_filters.CharFilter(label=_("product code"), field_name="product__code")
    complete = django_filters.BooleanFilter(label=_("declaration complete"), field_name="complete")
    declared = django_filters.BooleanFilter(label=_("self-declared"), field_name="declared_on",
                                            lookup_expr="isnull", exclude=True)  # fmt: skip

    class Meta:
        model = EnterpriseStandard
        fields = ["q", "region", "enterprise", "standard", "product", "complete", "declared"]

    def search_q(self, value):
        return (
            enterprise_q(value)
            | Q(product__name__icontains=value)
            | Q(standard__number__icontains=rules.normalize_number(value))
        )


class AdoptionFilterSet(_ByEnterprise):
    q = django_filters.CharFilter(label=_("foreign or Chinese standard number"), method="search")
    degree = DataChoiceFilter(label=_("degree of correspondence"),
                              choices_of=rules.degree_choices)  # fmt: skip

    class Meta:
        model = Adoption
        fields = ["q", "region", "enterprise", "standard", "degree"]

    def search_q(self, value):
        return Q(foreign_number__icontains=value) | Q(
            standard__number__icontains=rules.normalize_number(value)
        )


class DraftingFilterSet(_ByEnterprise):
    q = django_filters.CharFilter(label=_("standard, enterprise or organisation"),
                                  method="search")  # fmt: skip
    role = DataChoiceFilter(label=_("role"), choices_of=rules.role_choices)
    level = DataChoiceFilter(label=_("level"), choices_of=rules.level_choices,
                             field_name="standard__level")  # fmt: skip

    class Meta:
        model = Drafting
        fields = ["q", "region", "enterprise", "standard", "role", "level"]

    def search_q(self, value):
        return (
            Q(standard__number__icontains=rules.normalize_number(value))
            | Q(enterprise__name__icontains=value)
            | Q(organization_name__icontains=value)
        )


class PilotFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name or undertaking body"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    level = DataChoiceFilter(label=_("level"), choices_of=rules.pilot_level_choices)
    kind = DataChoiceFilter(label=_("kind"), choices_of=rules.pilot_kind_choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=PilotStatus.choices)
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")

    class Meta:
        model = Pilot
        fields = ["q", "region", "level", "kind", "status", "enterprise"]

    def search_q(self, value):
        return (
            Q(name__icontains=value)
            | Q(undertaker__icontains=value)
            | Q(enterprise__name__icontains=value)
        )
