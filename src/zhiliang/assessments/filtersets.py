"""One FilterSet per model of the assessments app, shared by the API and the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from zhiliang.assessments.choices import ItemKind, ResultStatus, SubjectKind
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ItemScore,
    ResultEntry,
    SchemeItem,
    TargetLink,
)
from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter


class TargetLinkFilterSet(FilterSet):
    plan = django_filters.NumberFilter(label=_("plan"), field_name="target__plan_id")
    target = django_filters.NumberFilter(label=_("target"), field_name="target_id")
    indicator = django_filters.CharFilter(label=_("indicator code"), field_name="indicator__code")

    class Meta:
        model = TargetLink
        fields = ["plan", "target", "indicator"]


class AssessmentSchemeFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name"), field_name="name", lookup_expr="icontains")
    period = django_filters.CharFilter(label=_("period"))
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = AssessmentScheme
        fields = ["q", "period", "region", "active"]


class SchemeItemFilterSet(FilterSet):
    scheme = django_filters.NumberFilter(label=_("scheme"), field_name="scheme_id")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ItemKind.choices)

    class Meta:
        model = SchemeItem
        fields = ["scheme", "kind"]


class AssessmentResultFilterSet(FilterSet):
    scheme = django_filters.NumberFilter(label=_("scheme"), field_name="scheme_id")
    period = django_filters.CharFilter(label=_("period"))
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=ResultStatus.choices)
    subject_kind = django_filters.ChoiceFilter(label=_("assessed"), choices=SubjectKind.choices)

    class Meta:
        model = AssessmentResult
        fields = ["scheme", "period", "status", "subject_kind"]


class ResultEntryFilterSet(FilterSet):
    result = django_filters.NumberFilter(label=_("result"), field_name="result_id")
    grade = django_filters.CharFilter(label=_("grade"))

    class Meta:
        model = ResultEntry
        fields = ["result", "grade", "vetoed"]


class ItemScoreFilterSet(FilterSet):
    result = django_filters.NumberFilter(label=_("result"), field_name="entry__result_id")
    entry = django_filters.NumberFilter(label=_("entry"), field_name="entry_id")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ItemKind.choices)
    undecided = django_filters.BooleanFilter(
        label=_("manual checks not decided"), field_name="passed", lookup_expr="isnull"
    )

    class Meta:
        model = ItemScore
        fields = ["result", "entry", "kind", "undecided"]
