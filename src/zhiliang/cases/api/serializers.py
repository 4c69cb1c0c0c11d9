"""Shape and conversion of cases for the API; the rules are the models' and the services'.
Every case carries its clocks as `deadlines` (kind, due, met or late)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhiliang.cases.models import Case, Deadline, Interview, Step
from zhiliang.core.api.fields import ScopedPrimaryKeyField, ScopedUsccField
from zhiliang.core.models import Organization
from zhiliang.enterprises.models import Product
from zhiliang.equipment.models import EquipmentUnit, Operator


class DeadlineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="label", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "name",
            "started_at",
            "due",
            "met_at",
            "state",
            "extended",
            "extension_reason",
            "escalated_at",
        ]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = Step
        fields = ["code", "name", "at", "note"]
        read_only_fields = fields


class InterviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = [
            "id",
            "held_on",
            "attendees",
            "issues",
            "commitments",
            "follow_up_on",
            "checked_on",
            "check_result",
        ]
        read_only_fields = ["id", "checked_on", "check_result"]


_READ = [
    "id",
    "kind",
    "kind_name",
    "stage",
    "stage_name",
    "region_code",
    "office",
    "office_name",
    "listing_office",
    "listing_office_name",
    "closed_at",
    "created_at",
    "updated_at",
    "deadlines",
    "steps",
]


class _CaseSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind_label", read_only=True)
    stage_name = serializers.CharField(source="stage_label", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True)
    listing_office_name = serializers.CharField(source="listing_office.name", read_only=True)
    enterprise_uscc = ScopedUsccField(
        source="enterprise", label=_("enterprise USCC"), required=False
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)


class AccidentSerializer(_CaseSerializer):
    equipment_unit = ScopedPrimaryKeyField(EquipmentUnit, required=False, allow_null=True)
    operator = ScopedPrimaryKeyField(Operator, required=False, allow_null=True)
    product = serializers.PrimaryKeyRelatedField(
        queryset=Product.objects.all(), required=False, allow_null=True
    )
    reported_at = serializers.DateTimeField(
        write_only=True, required=False, help_text=_("when the unit's report came in")
    )
    grade_name = serializers.CharField(source="grade_label", read_only=True)

    class Meta:
        model = Case
        fields = _READ + [
            "number",
            "title",
            "enterprise_uscc",
            "enterprise_name",
            "equipment_unit",
            "operator",
            "product",
            "parties",
            "description",
            "opened_at",
            "reported_at",
            "place",
            "deaths",
            "injuries",
            "direct_loss",
            "grade",
            "grade_name",
            "grade_by_hand",
            "grade_reason",
        ]
        read_only_fields = _READ
        extra_kwargs = {"number": {"required": False}, "grade": {"required": False}}
        validators = []


class SupervisedCaseSerializer(_CaseSerializer):
    office = ScopedPrimaryKeyField(Organization, above=False, label=_("handling office"))
    penalty_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Case
        fields = _READ + [
            "number",
            "title",
            "enterprise_uscc",
            "enterprise_name",
            "violation",
            "parties",
            "description",
            "opened_at",
            "due_on",
            "penalty_id",
        ]
        read_only_fields = [f for f in _READ if f != "office"]
        validators = []


class PenaltyDataSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=64)
    enforcing_body = ScopedPrimaryKeyField(Organization, label=_("enforcing body"))
    legal_basis = serializers.CharField(max_length=255)
    kind = serializers.CharField(max_length=32)
    fine_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    decided_on = serializers.DateField()


class AdvanceSerializer(serializers.Serializer):
    to = serializers.CharField(max_length=24, label=_("stage"))
    at = serializers.DateTimeField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    penalty = PenaltyDataSerializer(required=False)


class EventSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=24, label=_("step"))
    at = serializers.DateTimeField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecallReportSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    units_corrected = serializers.IntegerField(min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecallSerializer(_CaseSerializer):
    """A product recall: the case (stages, clocks as `deadlines`) and its particulars; the
    correction rate is units corrected ÷ affected (0–1), `reports` its course over time."""

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    origin = serializers.CharField(source="recall.origin", max_length=24)
    defect = serializers.CharField(source="recall.defect")
    hazard = serializers.CharField(source="recall.hazard", max_length=32)
    batches = serializers.CharField(source="recall.batches", required=False, allow_blank=True)
    units_affected = serializers.IntegerField(source="recall.units_affected", min_value=1)
    units_corrected = serializers.IntegerField(source="recall.units_corrected", read_only=True)
    correction_rate = serializers.FloatField(source="recall.rate", read_only=True)
    method = serializers.CharField(source="recall.method", max_length=24)
    country = serializers.CharField(
        source="recall.country", required=False, allow_blank=True, max_length=64
    )
    reports = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = _READ + [
            "number",
            "title",
            "enterprise_uscc",
            "enterprise_name",
            "product",
            "description",
            "opened_at",
            "origin",
            "defect",
            "hazard",
            "batches",
            "units_affected",
            "units_corrected",
            "correction_rate",
            "method",
            "country",
            "reports",
        ]
        read_only_fields = _READ
        extra_kwargs = {"number": {"required": False}}
        validators = []

    def get_reports(self, case) -> list[dict]:
        return [
            {"reported_on": r.reported_on, "units_corrected": r.units_corrected, "note": r.note}
            for r in case.recall.reports.all()
        ]
