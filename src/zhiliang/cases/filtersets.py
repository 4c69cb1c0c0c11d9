"""The one FilterSet per list: cases and their clocks (the timer page), shared by the API,
the pages and the exports."""

from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.cases import rules
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.models import Case, Deadline
from zhiliang.core.filtersets import FilterSet, Picker, RegionSubtreeFilter

# "Due soon": within this many days (the timer page's and the home page's window).
SOON_DAYS = 7


class OfficePicker(Picker):
    """The market regulation offices of the user's jurisdiction, by name."""

    def options_for(self, user):
        from zhiliang.cases.selectors import offices

        return [(o.pk, o.name) for o in offices(user)]


def late_q(now) -> Q:
    return Q(met_at__isnull=True, due__lt=now)


def soon_q(now) -> Q:
    return Q(met_at__isnull=True, due__gte=now, due__lt=now + timedelta(days=SOON_DAYS))


class CaseFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("case number, title or enterprise"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind of case"), choices=CaseKind.choices)
    stage = django_filters.ChoiceFilter(label=_("stage"), choices=rules.stage_choices())
    grade = django_filters.ChoiceFilter(label=_("accident grade"), choices=rules.grade_choices())
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    enterprise = django_filters.NumberFilter(label=_("enterprise (id)"), field_name="enterprise")
    office = django_filters.NumberFilter(
        label=_("handling office"), field_name="office", widget=OfficePicker
    )
    open = django_filters.BooleanFilter(label=_("still open"), method="still_open")
    late = django_filters.BooleanFilter(label=_("with a late deadline"), method="with_late")
    data_choices = {"stage": rules.stage_choices, "grade": rules.grade_choices}

    class Meta:
        model = Case
        fields = ["q", "kind", "stage", "grade", "region", "enterprise", "office"]

    def search_q(self, value):
        return (
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def still_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(closed_at__isnull=value)

    def with_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = Deadline.objects.filter(late_q(timezone.now()), case=OuterRef("pk"))
        return queryset.filter(Exists(late) if value else ~Exists(late))


class DeadlineFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label=_("clock"), choices=rules.clock_choices())
    case_kind = django_filters.ChoiceFilter(label=_("kind of case"), choices=CaseKind.choices)
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    office = django_filters.NumberFilter(
        label=_("handling office"), field_name="office", widget=OfficePicker
    )
    listing_office = django_filters.NumberFilter(
        label=_("listing office (id)"), field_name="listing_office"
    )
    state = django_filters.ChoiceFilter(
        label=_("state"),
        choices=[("late", _("late")), ("soon", _("due soon")), ("open", _("on the clock"))],
        method="by_state",
    )
    data_choices = {"kind": rules.clock_choices}

    class Meta:
        model = Deadline
        fields = ["kind", "case_kind", "region", "office", "listing_office"]

    def by_state(self, queryset, name, value):
        now = timezone.now()
        if value == "late":
            return queryset.filter(late_q(now))
        if value == "soon":
            return queryset.filter(soon_q(now))
        if value == "open":
            return queryset.filter(met_at__isnull=True)
        return queryset
