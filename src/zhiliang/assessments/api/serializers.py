"""Serializers of the assessments API: shapes and input types only; rules live in services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhiliang.assessments.choices import SubjectKind
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ItemEvidence,
    ItemScore,
    ResultEntry,
    SchemeItem,
    TargetLink,
)
from zhiliang.core.api.fields import ScopedPrimaryKeyField
from zhiliang.indicators.models import Indicator
from zhiliang.plans.models import Target


class TargetLinkSerializer(serializers.ModelSerializer):
    target = ScopedPrimaryKeyField(Target, label=_("target"))
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.filter(active=True), label=_("indicator")
    )
    plan = serializers.IntegerField(source="target.plan_id", read_only=True)
    target_text = serializers.CharField(source="target.indicator_text", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    confirmed_by = serializers.CharField(source="confirmed_by.username", read_only=True)

    class Meta:
        model = TargetLink
        fields = [
            "id",
            "plan",
            "target",
            "target_text",
            "indicator",
            "indicator_name",
            "suggested",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = ["id", "confirmed_by", "confirmed_at"]


class TargetLinkSuggestionSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    target_text = serializers.CharField()
    indicator = serializers.CharField(allow_null=True)
    linked = serializers.CharField(allow_null=True)


class SchemeItemSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SchemeItem
        fields = [
            "id",
            "order",
            "name",
            "kind",
            "indicator",
            "points",
            "rule",
            "target",
            "floor",
            "veto_grade",
            "guidance",
        ]
        read_only_fields = fields


class AssessmentSchemeSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    items = SchemeItemSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentScheme
        fields = [
            "id",
            "code",
            "name",
            "region_code",
            "region_name",
            "period",
            "total_points",
            "grade_bands",
            "description",
            "source",
            "active",
            "items",
        ]
        read_only_fields = fields


class SchemeRunSerializer(serializers.Serializer):
    region = serializers.CharField(
        label=_("region code (its children or departments are assessed)")
    )
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices, default=SubjectKind.REGION)
    period = serializers.CharField(required=False, allow_blank=True, default="")


class ItemEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemEvidence
        fields = ["id", "original_name", "kind", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class ItemScoreSerializer(serializers.ModelSerializer):
    evidence = ItemEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ItemScore
        fields = [
            "id",
            "entry",
            "order",
            "name",
            "kind",
            "indicator_code",
            "unit",
            "points",
            "value",
            "numerator",
            "denominator",
            "value_period",
            "passed",
            "score",
            "note",
            "evidence",
        ]
        read_only_fields = [f for f in fields if f not in ("passed", "note")]


class ItemDecisionSerializer(serializers.Serializer):
    passed = serializers.BooleanField(label=_("passed / veto applies"))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ItemEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ResultEntrySerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True, default=None)
    scores = ItemScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ResultEntry
        fields = [
            "id",
            "name",
            "region_code",
            "organization",
            "total",
            "grade",
            "rank",
            "vetoed",
            "scores",
        ]
        read_only_fields = fields


class AssessmentResultSerializer(serializers.ModelSerializer):
    scheme_name = serializers.CharField(source="scheme.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "scheme",
            "scheme_name",
            "region_code",
            "region_name",
            "subject_kind",
            "period",
            "version",
            "status",
            "run_at",
            "published_at",
        ]
        read_only_fields = fields


class AssessmentResultDetailSerializer(AssessmentResultSerializer):
    entries = ResultEntrySerializer(many=True, read_only=True)
    scheme_snapshot = serializers.JSONField(read_only=True)

    class Meta(AssessmentResultSerializer.Meta):
        fields = [*AssessmentResultSerializer.Meta.fields, "scheme_snapshot", "entries"]
        read_only_fields = fields


class TargetStatusSerializer(serializers.Serializer):
    """One row of a plan's target board: the target, its indicator and its status."""

    target = serializers.IntegerField(source="pk")
    target_text = serializers.CharField(source="indicator_text")
    comparator = serializers.CharField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    unit = serializers.CharField()
    deadline = serializers.CharField()
    indicator = serializers.CharField(source="link.indicator.code", default=None)
    suggestion = serializers.CharField(source="suggestion.code", default=None)
    latest_value = serializers.DecimalField(
        source="status.latest.value", max_digits=20, decimal_places=4, default=None
    )
    latest_period = serializers.CharField(source="status.latest.period", default=None)
    status = serializers.CharField(source="status.state", default=None)
    status_label = serializers.CharField(source="status.label", default=None)
    reason = serializers.CharField(source="status.reason", default=None)
