"""One FilterSet per model, shared by the API, the list pages and the xlsx exports."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.equipment import crypto, due
from zhiliang.equipment.choices import Conclusion, DueState, UnitStatus
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection


def kind_choices():
    return [(e.code, f"{e.code} {e.name}") for e in due.catalogue().values() if e.level == "kind"]


def category_choices():
    return [
        (e.code, f"{e.code} {e.name}") for e in due.catalogue().values() if e.level == "category"
    ]


class EquipmentUnitFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("register code or enterprise"), method="search")
    region = RegionSubtreeFilter(label=_("region or township (with everything below it)"))
    kind = django_filters.ChoiceFilter(
        label=_("kind"), field_name="kind_code", choices=kind_choices()
    )
    category = django_filters.ChoiceFilter(
        label=_("category"), field_name="category_code", choices=category_choices()
    )
    catalogue_code = django_filters.CharFilter(label=_("catalogue code"))
    status = django_filters.MultipleChoiceFilter(
        label=_("status"), choices=UnitStatus.choices, distinct=False
    )
    due_state = django_filters.MultipleChoiceFilter(
        label=_("due state"), choices=DueState.choices, distinct=False
    )
    registered = django_filters.BooleanFilter(
        label=_("registered"), field_name="registered_on", lookup_expr="isnull", exclude=True
    )
    enterprise = django_filters.NumberFilter(label=_("enterprise id"), field_name="enterprise_id")
    uscc = django_filters.CharFilter(label=_("enterprise USCC"), field_name="enterprise__uscc")

    class Meta:
        model = EquipmentUnit
        fields = ["q", "region", "kind", "category", "catalogue_code", "status", "due_state",
                  "registered", "enterprise", "uscc"]  # fmt: skip

    def search_q(self, value):
        return Q(register_code__startswith=value) | Q(enterprise__name__icontains=value)


class PeriodicInspectionFilterSet(FilterSet):
    unit = django_filters.NumberFilter(label=_("equipment unit id"), field_name="unit_id")
    register_code = django_filters.CharFilter(
        label=_("register code"), field_name="unit__register_code"
    )
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    conclusion = django_filters.ChoiceFilter(label=_("conclusion"), choices=Conclusion.choices)
    inspected_after = django_filters.DateFilter(
        label=_("inspected on or after"), field_name="inspected_on", lookup_expr="gte"
    )
    inspected_before = django_filters.DateFilter(
        label=_("inspected on or before"), field_name="inspected_on", lookup_expr="lte"
    )

    class Meta:
        model = PeriodicInspection
        fields = ["unit", "register_code", "region", "conclusion"]


class OperatorFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name, certificate or full ID number"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    employer = django_filters.NumberFilter(label=_("employer id"), field_name="employer_id")
    item = django_filters.CharFilter(label=_("certificate item, e.g. N1"), method="has_item")
    certificate = django_filters.ChoiceFilter(
        label=_("certificate"),
        method="by_certificate",
        choices=[("valid", _("valid")), ("expired", _("expired")), ("none", _("none"))],
    )

    class Meta:
        model = Operator
        fields = ["q", "region", "employer", "item", "certificate"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        cond = Q(name__icontains=value) | Q(certificate_number=value)
        if len(crypto.normalize_id(value)) == 18:  # an ID number: found by its keyed hash
            cond |= Q(id_number_hash=crypto.keyed_hash(crypto.normalize_id(value)))
        return queryset.filter(cond)

    def has_item(self, queryset, name, value):
        v = value.strip().upper()
        if not v:
            return queryset
        return queryset.filter(
            Q(items=v)
            | Q(items__startswith=f"{v},")
            | Q(items__endswith=f",{v}")
            | Q(items__contains=f",{v},")
        )

    def by_certificate(self, queryset, name, value):
        today = timezone.localdate()
        if value == "valid":
            return queryset.filter(issued_on__lte=today, valid_until__gt=today)
        if value == "expired":
            return queryset.filter(valid_until__lte=today)
        if value == "none":
            return queryset.filter(issued_on__isnull=True)
        return queryset
