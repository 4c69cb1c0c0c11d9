"""The one FilterSet per model, shared by the API, the list pages and the xlsx exports."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.filtersets import enterprise_q
from zhiliang.enterprises.models import Product
from zhiliang.licensing.choices import (
    CertificateStatus,
    InstrumentStatus,
    VerificationMode,
    VerificationResult,
)
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
    Verification,
)

MAX_DAYS = 3660


def expiring_q(today, days: int | None = None) -> Q:
    """Valid certificates expiring within `days`, or within each kind's renewal window."""
    base = Q(status=CertificateStatus.VALID, expires_on__gte=today)
    if days is not None:
        return base & Q(expires_on__lte=today + timedelta(days=days))
    windows = Q()
    for kind_id, window in CertificateKind.objects.values_list("id", "renewal_window_days"):
        windows |= Q(kind_id=kind_id, expires_on__lte=today + timedelta(days=window))
    return base & windows if windows else base & Q(pk__in=[])


def overdue_q(today) -> Q:
    return Q(status=InstrumentStatus.IN_USE, next_due_on__lt=today)


def due_within_q(today, days: int) -> Q:
    return Q(
        status=InstrumentStatus.IN_USE,
        next_due_on__gte=today,
        next_due_on__lte=today + timedelta(days=days),
    )


@extend_schema_field(OpenApiTypes.STR)
class _KindCodeFilter(django_filters.ModelMultipleChoiceFilter):
    """Certificate kinds by code (repeatable): the schema says string, not an id."""


class CertificateFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("number, holder name or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("holder (enterprise id)"), field_name="holder")
    kind = _KindCodeFilter(
        label=_("kind"),
        field_name="kind__code",
        queryset=CertificateKind.objects.all(),
        to_field_name="code",
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("status"), choices=CertificateStatus.choices, distinct=False
    )
    product = django_filters.CharFilter(
        label=_("product or category code"), method="covering_product"
    )
    expiring_within = django_filters.NumberFilter(
        label=_("valid and expiring within (days)"), method="expiring", min_value=0,
        max_value=MAX_DAYS,
    )  # fmt: skip
    in_renewal_window = django_filters.BooleanFilter(
        label=_("valid and inside the renewal window"), method="renewal"
    )

    class Meta:
        model = Certificate
        fields = ["q", "region", "enterprise", "kind", "status", "product"]

    def search_q(self, value):
        return Q(number__icontains=value) | enterprise_q(value, "holder")

    def covering_product(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        ids = list(
            Product.objects.filter(Q(code=value) | Q(parent__code=value)).values_list(
                "id", flat=True
            )
        )
        through = Certificate.products.through.objects.filter(product_id__in=ids)
        return queryset.filter(pk__in=through.values("certificate_id"))

    def expiring(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(expiring_q(timezone.localdate(), int(value)))

    def renewal(self, queryset, name, value):
        if value is None:
            return queryset
        q = expiring_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class InstrumentFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("serial, owner name or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("owner (enterprise id)"), field_name="owner")
    category = django_filters.CharFilter(
        label=_("catalogue item (first- or second-level code)"), method="in_category"
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("status"), choices=InstrumentStatus.choices, distinct=False
    )
    mode = django_filters.ChoiceFilter(
        label=_("verification mode"), choices=VerificationMode.choices
    )
    last_result = django_filters.ChoiceFilter(
        label=_("last result"), choices=VerificationResult.choices
    )
    overdue = django_filters.BooleanFilter(label=_("verification overdue"), method="is_overdue")
    due_within = django_filters.NumberFilter(
        label=_("verification due within (days)"), method="is_due", min_value=0,
        max_value=MAX_DAYS,
    )  # fmt: skip

    class Meta:
        model = Instrument
        fields = ["q", "region", "enterprise", "category", "status", "mode", "last_result"]

    def search_q(self, value):
        return Q(serial__icontains=value) | enterprise_q(value, "owner")

    def in_category(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        ids = InstrumentCategory.objects.filter(Q(code=value) | Q(parent__code=value)).values_list(
            "id", flat=True
        )
        return queryset.filter(category_id__in=list(ids))

    def is_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)

    def is_due(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(due_within_q(timezone.localdate(), int(value)))


class VerificationFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    instrument = django_filters.NumberFilter(label=_("instrument id"), field_name="instrument")
    result = django_filters.ChoiceFilter(label=_("result"), choices=VerificationResult.choices)
    verified_from = django_filters.DateFilter(
        label=_("verified on or after"), field_name="verified_on", lookup_expr="gte"
    )
    verified_to = django_filters.DateFilter(
        label=_("verified on or before"), field_name="verified_on", lookup_expr="lte"
    )

    class Meta:
        model = Verification
        fields = ["region", "instrument", "result", "verified_from", "verified_to"]
