"""Filters shared by the API and the pages."""

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.core.filtersets import FilterSet, Picker, RegionSubtreeFilter
from zhiliang.inspections.choices import (
    FollowUpState,
    PickShare,
    PlanLevel,
    PlanStatus,
    SamplePlace,
    Verdict,
)
from zhiliang.inspections.models import (
    Draw,
    DrawPick,
    FollowUp,
    Inspector,
    InspectorConflict,
    PlanQuota,
    Sample,
    SamplingPlan,
)


class InspectorFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name"), field_name="name", lookup_expr="icontains")
    organization = django_filters.NumberFilter(label=_("organisation id"))
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Inspector
        fields = ["q", "organization", "region", "active"]


class InspectorConflictFilterSet(FilterSet):
    inspector = django_filters.NumberFilter(label=_("inspector id"))
    enterprise = django_filters.NumberFilter(label=_("enterprise id"))

    class Meta:
        model = InspectorConflict
        fields = ["inspector", "enterprise"]


class SamplingPlanFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name"), field_name="name", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("year"))
    level = django_filters.ChoiceFilter(label=_("level"), choices=PlanLevel.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=PlanStatus.choices)
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = SamplingPlan
        fields = ["q", "year", "level", "status", "region"]


class PlanQuotaFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan id"))
    product = django_filters.CharFilter(label=_("product code"), field_name="product__code")

    class Meta:
        model = PlanQuota
        fields = ["plan", "product"]


class PlanPicker(Picker):
    """The sampling plans the user sees, by year and name."""

    def options_for(self, user):
        plans = SamplingPlan.objects.visible_to(user).order_by("-year", "name")
        return [
            (str(pk), f"{year} {name}")
            for pk, year, name in plans.values_list("pk", "year", "name")
        ]


class DrawStatus(models.TextChoices):
    DRAFT = "draft", _("not published")
    SAMPLING = "sampling", _("published, enterprises to sample")
    DONE = "done", _("published, all sampled")


class DrawFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan id"), widget=PlanPicker())
    published = django_filters.BooleanFilter(
        label=_("published"), field_name="published_at", lookup_expr="isnull", exclude=True
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=DrawStatus.choices, method="in_status"
    )
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    to_sample = django_filters.BooleanFilter(
        label=_("has enterprises still to sample"), method="with_enterprises_to_sample"
    )

    class Meta:
        model = Draw
        fields = ["plan", "published", "status", "region", "to_sample"]

    def in_status(self, queryset, name, value):
        from zhiliang.inspections.selectors import draws_to_sample

        if value == DrawStatus.DRAFT:
            return queryset.filter(published_at__isnull=True)
        if value == DrawStatus.SAMPLING:
            return draws_to_sample(queryset)
        if value == DrawStatus.DONE:
            return draws_to_sample(queryset.filter(published_at__isnull=False), False)
        return queryset

    def with_enterprises_to_sample(self, queryset, name, value):
        from zhiliang.inspections.selectors import draws_to_sample

        return queryset if value is None else draws_to_sample(queryset, value)


class DrawPickFilterSet(FilterSet):
    quota = django_filters.NumberFilter(label=_("quota id"))
    share = django_filters.ChoiceFilter(label=_("share"), choices=PickShare.choices)

    class Meta:
        model = DrawPick
        fields = ["quota", "share"]


class SampleFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("sample number, enterprise or brand"), method="search")
    plan = django_filters.NumberFilter(label=_("plan id"))
    enterprise = django_filters.NumberFilter(label=_("enterprise id"))
    product = django_filters.CharFilter(label=_("product or category code"), method="in_product")
    category = django_filters.CharFilter(
        label=_("category code"), field_name="product__parent__code"
    )
    level = django_filters.ChoiceFilter(
        label=_("plan level"), field_name="plan__level", choices=PlanLevel.choices
    )
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    verdict = django_filters.ChoiceFilter(label=_("verdict"), choices=Verdict.choices)
    place = django_filters.ChoiceFilter(label=_("place"), choices=SamplePlace.choices)
    sampled_from = django_filters.DateFilter(
        label=_("sampled from"), field_name="sampled_on", lookup_expr="gte"
    )
    sampled_to = django_filters.DateFilter(
        label=_("sampled to"), field_name="sampled_on", lookup_expr="lte"
    )
    published = django_filters.BooleanFilter(
        label=_("published"), field_name="published_at", lookup_expr="isnull", exclude=True
    )
    followed_up = django_filters.BooleanFilter(
        label=_("follow-up opened"), field_name="follow_up", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Sample
        fields = ["q", "plan", "enterprise", "product", "category", "level", "region", "verdict"]

    def search_q(self, value):
        return (
            Q(sample_number__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(brand__icontains=value)
        )

    def in_product(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(product__code=value) | Q(product__parent__code=value))


class FollowUpFilterSet(FilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("state"), choices=FollowUpState.choices, distinct=False
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"))
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    plan = django_filters.NumberFilter(label=_("plan id"), field_name="sample__plan")

    class Meta:
        model = FollowUp
        fields = ["state", "overdue", "region", "plan"]
