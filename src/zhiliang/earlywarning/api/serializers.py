"""Assessments, warnings, cards and actions: shape for the API. The rules are the models'
and the services'."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import CodeField, RegionCodeField, ScopedPrimaryKeyField
from zhiliang.core.choices import RegionLevel
from zhiliang.core.forms import catalogue_product
from zhiliang.earlywarning.choices import CardColour, WarningKind
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning
from zhiliang.enterprises.models import Enterprise
from zhiliang.risk.api.serializers import HazardField
from zhiliang.risk.models import RiskInformation, Signal

ALL_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP)


class ProbabilityStepSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, required=False, default="")
    p = serializers.FloatField(label=gettext_lazy("probability"))


class RiskAssessmentSerializer(serializers.ModelSerializer):
    signal = ScopedPrimaryKeyField(Signal, required=False, allow_null=True)
    information = ScopedPrimaryKeyField(RiskInformation, required=False, allow_null=True)
    hazard = HazardField(max_length=24, label=gettext_lazy("hazard"))
    steps = ProbabilityStepSerializer(many=True)
    product_code = serializers.CharField(source="product.code", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    product_codes = serializers.ListField(
        child=serializers.CharField(), source="products", required=False, write_only=True
    )
    region_codes = serializers.ListField(
        child=RegionCodeField(levels=ALL_LEVELS), source="regions", required=False, write_only=True
    )
    enterprises = ScopedPrimaryKeyField(Enterprise, many=True, required=False)
    level_name = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id", "signal", "information", "product_code", "region_code", "hazard", "scenario",
            "severity", "steps", "probability", "level", "level_name", "product_codes",
            "region_codes", "enterprises", "decision", "decision_note", "decided_on",
            "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "probability", "level", "decision", "decision_note",
                            "decided_on", "created_at"]  # fmt: skip

    def validate_product_codes(self, value):
        return [catalogue_product(code) for code in value]


class RiskWarningSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=WarningKind.choices, label=gettext_lazy("kind"))
    assessment = ScopedPrimaryKeyField(RiskAssessment, required=False, allow_null=True)
    region_code = RegionCodeField(source="region", levels=ALL_LEVELS)
    product_code = CodeField(source="product", max_length=16)
    hazard = HazardField(max_length=24)
    enterprises = ScopedPrimaryKeyField(Enterprise, many=True, required=False)

    class Meta:
        model = RiskWarning
        fields = [
            "id", "kind", "assessment", "region_code", "product_code", "hazard", "title", "text",
            "advice", "enterprises", "status", "published_on", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "published_on", "created_at"]

    def validate_product_code(self, value):
        return catalogue_product(value)


class CardSerializer(serializers.ModelSerializer):
    colour = serializers.ChoiceField(choices=CardColour.choices, label=gettext_lazy("colour"))
    region_code = RegionCodeField(source="region", levels=ALL_LEVELS)
    product_code = CodeField(source="product", max_length=16)
    hazard = HazardField(max_length=24)
    assessment = ScopedPrimaryKeyField(RiskAssessment, required=False, allow_null=True)
    signal = ScopedPrimaryKeyField(Signal, required=False, allow_null=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    issuer_region_code = serializers.CharField(source="issuer_region.code", read_only=True)
    deadline = serializers.DateField(required=False)

    class Meta:
        model = Card
        fields = [
            "id", "colour", "issued_colour", "status", "region_code", "issuer_name",
            "issuer_region_code", "product_code", "hazard", "problem", "assessment", "signal",
            "issued_on", "deadline", "red_on", "escalation_reason", "plan", "lifted_on",
            "lift_note",
        ]  # fmt: skip
        read_only_fields = ["id", "issued_colour", "status", "issued_on", "red_on",
                            "escalation_reason", "plan", "lifted_on", "lift_note"]  # fmt: skip

    def validate_product_code(self, value):
        return catalogue_product(value)


class ActionSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id", "kind", "kind_name", "card", "warning", "region_code", "sampling_plan", "case",
            "made_warning", "created_at",
        ]  # fmt: skip
        read_only_fields = fields
