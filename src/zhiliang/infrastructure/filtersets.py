"""The FilterSets of the quality-infrastructure registries (API, pages, exports)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints.filtersets import DataChoiceFilter
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.enterprises.filtersets import enterprise_q
from zhiliang.infrastructure import rules
from zhiliang.infrastructure.models import Appointment, Comment, Laboratory, Notice, Training


def _today():
    return timezone.localdate()


class LaboratoryFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name, CMA or CNAS number"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    level = DataChoiceFilter(label=_("level"), choices_of=rules.level_choices)
    expired = django_filters.BooleanFilter(
        label=_("only bodies whose CMA qualification expired"), method="filter_expired"
    )

    class Meta:
        model = Laboratory
        fields = ["q", "region", "level", "expired"]

    def search_q(self, value):
        return (
            Q(organization__name__icontains=value)
            | Q(cma_number__startswith=value)
            | Q(cnas_number__icontains=value)
        )

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        lapsed = Q(cma_valid_until__lt=_today())
        return queryset.filter(lapsed) if value else queryset.exclude(lapsed)


class NoticeFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("number, member, title or products"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    open = django_filters.BooleanFilter(label=_("only open for comments"), method="filter_open")
    enterprise = django_filters.NumberFilter(
        label=_("matched enterprise (id)"), field_name="matches__enterprise", distinct=True
    )

    class Meta:
        model = Notice
        fields = ["q", "region", "open", "enterprise"]

    def search_q(self, value):
        return (
            Q(number__icontains=value)
            | Q(member__icontains=value)
            | Q(title__icontains=value)
            | Q(products__icontains=value)
        )

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_ = Q(comment_deadline__gte=_today())
        return queryset.filter(open_) if value else queryset.exclude(open_)


class CommentFilterSet(FilterSet):
    notice = django_filters.NumberFilter(label=_("notification (id)"), field_name="notice")
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Comment
        fields = ["notice", "enterprise", "region"]


class AppointmentFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("enterprise name or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    current = django_filters.BooleanFilter(
        label=_("only current appointments"), field_name="ended_on", lookup_expr="isnull"
    )
    trained = django_filters.BooleanFilter(
        label=_("only officers with a training"), method="filter_trained"
    )

    class Meta:
        model = Appointment
        fields = ["q", "region", "enterprise", "current", "trained"]

    def search_q(self, value):
        return enterprise_q(value)

    def filter_trained(self, queryset, name, value):
        if value is None:
            return queryset
        ids = Training.objects.values("appointment_id")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class TrainingFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    appointment = django_filters.NumberFilter(
        label=_("chief quality officer (id)"), field_name="appointment"
    )

    class Meta:
        model = Training
        fields = ["region", "enterprise", "appointment"]
