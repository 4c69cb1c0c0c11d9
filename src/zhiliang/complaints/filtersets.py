"""The one FilterSet of complaints, shared by the API, the list page and the xlsx export."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.complaints import rules
from zhiliang.complaints.choices import ComplaintOutcome, ComplaintStatus
from zhiliang.complaints.models import Complaint
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.filtersets import enterprise_q


class DataChoiceFilter(django_filters.ChoiceFilter):
    """Choices from data/complaints.yaml, named in the language of the request that draws
    them (the schema and the API see the codes)."""

    def __init__(self, *args, choices_of, **kwargs):
        self.choices_of = choices_of
        codes = [(code, code) for code, _name in choices_of()]
        super().__init__(*args, choices=codes, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["choices"] = self.choices_of()
        return super().field


class ComplaintFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("number, product, enterprise or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("complaint", "status"), choices=ComplaintStatus.choices
    )
    channel = DataChoiceFilter(label=_("channel"), choices_of=rules.channel_choices)
    category = DataChoiceFilter(label=_("issue category"), choices_of=rules.category_choices)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=ComplaintOutcome.choices)
    received_after = django_filters.DateFilter(
        label=_("received on or after"), field_name="received_on", lookup_expr="gte"
    )
    received_before = django_filters.DateFilter(
        label=_("received on or before"), field_name="received_on", lookup_expr="lte"
    )
    overdue = django_filters.BooleanFilter(
        label=_("only open complaints past their deadline"), method="past_deadline"
    )

    class Meta:
        model = Complaint
        fields = [
            "q", "region", "enterprise", "status", "channel", "category", "outcome",
            "received_after", "received_before", "overdue",
        ]  # fmt: skip

    def search_q(self, value):
        return Q(number__icontains=value) | Q(product_name__icontains=value) | enterprise_q(value)

    def past_deadline(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        late = ~Q(status=ComplaintStatus.CLOSED) & (
            Q(status=ComplaintStatus.RECEIVED, accept_due_on__lt=today) | Q(close_due_on__lt=today)
        )
        return queryset.filter(late) if value else queryset.exclude(late)
