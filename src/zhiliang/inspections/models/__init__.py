"""Supervision sampling (监督抽查): plans and quotas, the 双随机 draw of enterprises and
inspectors, samples with their test items, and the follow-up of failures (后处理)."""

from zhiliang.inspections.models.draws import Draw, DrawInspector, DrawPartQuerySet, DrawPick
from zhiliang.inspections.models.followups import FollowUp, FollowUpStep, FollowUpStepQuerySet
from zhiliang.inspections.models.inspectors import (
    Inspector,
    InspectorConflict,
    InspectorConflictQuerySet,
    InspectorQuerySet,
)
from zhiliang.inspections.models.plans import (
    PlanPartQuerySet,
    PlanQuota,
    SamplingPlan,
    SamplingPlanQuerySet,
)
from zhiliang.inspections.models.samples import Sample, SamplePartQuerySet, SampleQuerySet, TestItem

__all__ = [
    "Draw",
    "DrawInspector",
    "DrawPartQuerySet",
    "DrawPick",
    "FollowUp",
    "FollowUpStep",
    "FollowUpStepQuerySet",
    "Inspector",
    "InspectorConflict",
    "InspectorConflictQuerySet",
    "InspectorQuerySet",
    "PlanPartQuerySet",
    "PlanQuota",
    "Sample",
    "SamplePartQuerySet",
    "SampleQuerySet",
    "SamplingPlan",
    "SamplingPlanQuerySet",
    "TestItem",
]
