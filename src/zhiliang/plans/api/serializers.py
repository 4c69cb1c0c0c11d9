"""Serializers of the plans API: shapes and input types only; rules live in services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhiliang.core.api.fields import ScopedPrimaryKeyField
from zhiliang.core.models import Organization
from zhiliang.plans.models import (
    Evidence,
    Phase,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
    TaskUnit,
)


class PlanSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "doc_number",
            "issuer",
            "issued_on",
            "region_code",
            "region_name",
            "period_start",
            "period_end",
            "source_name",
            "created_by",
            "created_at",
            "updated_at",
        ]
        # Only what the extraction may have got wrong can be corrected here.
        read_only_fields = [
            "id",
            "issued_on",
            "source_name",
            "created_by",
            "created_at",
            "updated_at",
        ]


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "plan", "name", "starts_on", "ends_on", "order"]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    comparator_name = serializers.CharField(source="get_comparator_display", read_only=True)
    latest_value = serializers.DecimalField(
        max_digits=18,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        label=_("latest reported value"),
    )
    latest_reported_on = serializers.DateField(
        read_only=True, allow_null=True, label=_("latest value reported on")
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "indicator_text",
            "comparator",
            "comparator_name",
            "value",
            "unit",
            "deadline",
            "indicator_code",
            "latest_value",
            "latest_reported_on",
            "order",
        ]
        read_only_fields = [
            "id",
            "plan",
            "indicator_text",
            "comparator",
            "value",
            "unit",
            "deadline",
            "order",
        ]


class TaskUnitRefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="organization_id", read_only=True)
    name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = TaskUnit
        fields = ["id", "name"]


class TaskSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    # Filled by the view's Prefetch(…, to_attr=…): no query per task.
    lead_units = TaskUnitRefSerializer(many=True, read_only=True, label=_("lead units"))
    cooperating_units = TaskUnitRefSerializer(
        many=True, read_only=True, label=_("cooperating units")
    )
    # A plain string in the schema: as a second enum of ProgressStatus it would collide
    # with ProgressReport.status (drf_spectacular.W001 fails `check --deploy`).
    latest_status = serializers.CharField(
        read_only=True,
        allow_null=True,
        label=_("latest reported status"),
        help_text=_("Status of the latest progress report: not_started, in_progress, done, late."),
    )
    state = serializers.CharField(
        read_only=True,
        label=_("state"),
        help_text=_(
            "Where the task stands: not_reported, not_started, in_progress, late, overdue, "
            "done (completed on time) or done_late (completed after its due date)."
        ),
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "plan_title",
            "title",
            "description",
            "due_on",
            "lead_units",
            "cooperating_units",
            "units_as_written",
            "latest_status",
            "state",
            "order",
        ]
        read_only_fields = ["id", "plan", "title", "description", "units_as_written", "order"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "kind", "size", "sha256"]
        read_only_fields = fields


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("PDF, JPEG, PNG, Word .docx or Excel .xlsx; the type is judged by content.")
    )


class ProgressReportSerializer(serializers.ModelSerializer):
    task = ScopedPrimaryKeyField(Task, required=False, allow_null=True, label=_("task"))
    target = ScopedPrimaryKeyField(Target, required=False, allow_null=True, label=_("target"))
    organization = ScopedPrimaryKeyField(
        Organization,
        required=False,
        label=_("reporting organisation"),
        help_text=_("Your own organisation if left out."),
    )
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    task_title = serializers.CharField(source="task.title", read_only=True, default=None)
    target_indicator = serializers.CharField(
        source="target.indicator_text", read_only=True, default=None
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    created_by_name = serializers.StringRelatedField(source="created_by", read_only=True)
    reported_on = serializers.DateField(
        required=False, label=_("reported on"), help_text=_("Today if left out.")
    )
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "plan",
            "plan_title",
            "task",
            "task_title",
            "target",
            "target_indicator",
            "organization",
            "organization_name",
            "reported_on",
            "status",
            "narrative",
            "reported_value",
            "created_by",
            "created_by_name",
            "created_at",
            "evidence",
        ]
        read_only_fields = ["id", "plan", "created_by", "created_at"]


class SupervisionNoticeSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    task_title = serializers.CharField(source="task.title", read_only=True)
    task_due_on = serializers.DateField(source="task.due_on", read_only=True)
    to_organization_name = serializers.CharField(source="to_organization.name", read_only=True)

    class Meta:
        model = SupervisionNotice
        fields = [
            "id",
            "plan",
            "plan_title",
            "task",
            "task_title",
            "task_due_on",
            "to_organization",
            "to_organization_name",
            "status",
            "reason",
            "drafted_at",
            "issued_at",
            "issued_by",
            "respond_by",
            "response",
            "responded_at",
            "responded_by",
            "closed_at",
        ]
        read_only_fields = fields


class NoticeIssueSerializer(serializers.Serializer):
    respond_by = serializers.DateField(label=_("answer due by"))


class NoticeRespondSerializer(serializers.Serializer):
    response = serializers.CharField(label=_("response"), max_length=10000)
