"""One FilterSet per model of the plans app, shared by the API and the pages.

Ids (`plan`, `task`, `unit` …) filter by number and never check that the record
exists: an id outside the user's jurisdiction gives an empty list, as a missing one.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, Picker, RegionSubtreeFilter
from zhiliang.plans.choices import NoticeStatus, ProgressStatus, UnitRole
from zhiliang.plans.models import (
    Phase,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
)
from zhiliang.plans.selectors import latest_report_status, overdue_condition


class PlanFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("title, document number or issuer"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Plan
        fields = ["q", "region"]

    def search_q(self, value):
        return (
            Q(title__icontains=value) | Q(doc_number__icontains=value) | Q(issuer__icontains=value)
        )


class PhaseFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan"), field_name="plan_id")

    class Meta:
        model = Phase
        fields = ["plan"]


class TargetFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan"), field_name="plan_id")
    q = django_filters.CharFilter(
        label=_("indicator"), field_name="indicator_text", lookup_expr="icontains"
    )
    indicator_code = django_filters.CharFilter(label=_("indicator code"))

    class Meta:
        model = Target
        fields = ["plan", "q", "indicator_code"]


class PlanPicker(Picker):
    """The plans the user may see, newest first, by title."""

    def options_for(self, user):
        from zhiliang.plans.selectors import plan_choices

        return plan_choices(user=user)


class LeadUnitPicker(Picker):
    """The organisations that lead a task the user may see, by name."""

    def options_for(self, user):
        from zhiliang.plans.selectors import lead_unit_choices

        return lead_unit_choices(user=user)


# The latest report's status, or none yet: what the office's task list asks.
NOT_REPORTED = "none"
TASK_STATUS_CHOICES = [*ProgressStatus.choices, (NOT_REPORTED, _("not reported yet"))]


class TaskFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan"), field_name="plan_id", widget=PlanPicker())
    q = django_filters.CharFilter(label=_("title"), field_name="title", lookup_expr="icontains")
    lead = django_filters.NumberFilter(
        label=_("lead unit (organisation id)"), method="led_by", widget=LeadUnitPicker()
    )
    unit = django_filters.NumberFilter(
        label=_("unit (organisation id, lead or cooperating)"), method="held_by"
    )
    status = django_filters.ChoiceFilter(
        label=_("latest progress"), choices=TASK_STATUS_CHOICES, method="filter_status"
    )
    overdue = django_filters.BooleanFilter(
        label=_("overdue (past due and not reported done)"), method="filter_overdue"
    )
    region = RegionSubtreeFilter(label=_("region of the plan (with everything below it)"))

    class Meta:
        model = Task
        fields = ["plan", "q", "lead", "unit", "status", "overdue", "region"]

    def held_by(self, queryset, name, value):
        # One TaskUnit per task and organisation: the join cannot repeat a task.
        return queryset.filter(task_units__organization_id=value)

    def led_by(self, queryset, name, value):
        return queryset.filter(task_units__organization_id=value, task_units__role=UnitRole.LEAD)

    def filter_status(self, queryset, name, value):
        queryset = queryset.alias(filter_latest_status=latest_report_status())
        if value == NOT_REPORTED:
            return queryset.filter(filter_latest_status__isnull=True)
        return queryset.filter(filter_latest_status=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        queryset = queryset.alias(overdue_latest_status=latest_report_status())
        overdue = overdue_condition("overdue_latest_status", today=today)
        # The negation spelled out: a task never reported (NULL) is not done.
        on_time = (
            Q(due_on__isnull=True)
            | Q(due_on__gte=today)
            | Q(overdue_latest_status=ProgressStatus.DONE)
        )
        return queryset.filter(overdue if value else on_time)


class ProgressReportFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan"), field_name="plan_id")
    task = django_filters.NumberFilter(label=_("task"), field_name="task_id")
    target = django_filters.NumberFilter(label=_("target"), field_name="target_id")
    organization = django_filters.NumberFilter(
        label=_("reporting organisation"), field_name="organization_id"
    )
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=ProgressStatus.choices)
    reported_on = django_filters.DateFromToRangeFilter(label=_("reported on"))

    class Meta:
        model = ProgressReport
        fields = ["plan", "task", "target", "organization", "status", "reported_on"]


class SupervisionNoticeFilterSet(FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=NoticeStatus.choices)
    plan = django_filters.NumberFilter(label=_("plan"), field_name="plan_id")
    task = django_filters.NumberFilter(label=_("task"), field_name="task_id")
    to_organization = django_filters.NumberFilter(
        label=_("addressed to (organisation id)"), field_name="to_organization_id"
    )
    late = django_filters.BooleanFilter(
        label=_("issued and past the answer date"), method="filter_late"
    )

    class Meta:
        model = SupervisionNotice
        fields = ["status", "plan", "task", "to_organization", "late"]

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status=NoticeStatus.ISSUED, respond_by__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
