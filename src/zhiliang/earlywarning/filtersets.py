"""The FilterSets of assessments, warnings, cards and actions (API, pages, exports)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.core.filtersets import FilterSet, RegionSubtreeFilter
from zhiliang.earlywarning.choices import (
    ActionKind,
    CardColour,
    CardStatus,
    Decision,
    RiskLevel,
    WarningKind,
    WarningStatus,
)
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning
from zhiliang.risk.filtersets import ProductFilter


class AssessmentFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    product = ProductFilter(label=_("product or category code"))
    level = django_filters.ChoiceFilter(label=_("risk level"), choices=RiskLevel.choices)
    decision = django_filters.ChoiceFilter(label=_("decision"), choices=Decision.choices)

    class Meta:
        model = RiskAssessment
        fields = ["region", "product", "level", "decision"]


class WarningFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    product = ProductFilter(label=_("product or category code"))
    kind = django_filters.ChoiceFilter(label=_("kind of warning"), choices=WarningKind.choices)
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("warning", "status"), choices=WarningStatus.choices
    )

    class Meta:
        model = RiskWarning
        fields = ["region", "product", "kind", "status"]


class CardFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    product = ProductFilter(label=_("product or category code"))
    colour = django_filters.ChoiceFilter(label=_("colour"), choices=CardColour.choices)
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("card", "status"), choices=CardStatus.choices
    )
    due_before = django_filters.DateFilter(
        label=_("rectify by, on or before"), field_name="deadline", lookup_expr="lte"
    )

    class Meta:
        model = Card
        fields = ["region", "product", "colour", "status", "due_before"]


class ActionFilterSet(FilterSet):
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    kind = django_filters.ChoiceFilter(label=_("kind of action"), choices=ActionKind.choices)
    card = django_filters.NumberFilter(label=_("card (id)"), field_name="card")
    warning = django_filters.NumberFilter(label=_("warning (id)"), field_name="warning")

    class Meta:
        model = Action
        fields = ["region", "kind", "card", "warning"]
