"""The assessment models, by sub-domain; importable from here as before (migrations name
`zhiliang.assessments.models.default_grade_bands`)."""

from zhiliang.assessments.models.common import FIGURE, POINTS, default_grade_bands
from zhiliang.assessments.models.links import TargetLink, TargetLinkQuerySet
from zhiliang.assessments.models.results import (
    PUBLIC_STATUSES,
    AssessmentResult,
    EntryQuerySet,
    ItemEvidence,
    ItemScore,
    ItemScoreQuerySet,
    ResultEntry,
    ResultQuerySet,
)
from zhiliang.assessments.models.schemes import (
    AssessmentScheme,
    SchemeItem,
    SchemeItemQuerySet,
    SchemeQuerySet,
)

__all__ = [
    "FIGURE",
    "POINTS",
    "PUBLIC_STATUSES",
    "AssessmentResult",
    "AssessmentScheme",
    "EntryQuerySet",
    "ItemEvidence",
    "ItemScore",
    "ItemScoreQuerySet",
    "ResultEntry",
    "ResultQuerySet",
    "SchemeItem",
    "SchemeItemQuerySet",
    "SchemeQuerySet",
    "TargetLink",
    "TargetLinkQuerySet",
    "default_grade_bands",
]
