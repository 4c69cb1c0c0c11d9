"""Shape of credit records and classes for the API (read-only, but the override)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhiliang.credit.models import CreditClass, CreditRecord
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.enterprises.choices import RiskClass


class _OfEnterprise(serializers.ModelSerializer):
    enterprise_id = serializers.IntegerField(read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_code = serializers.CharField(source="enterprise.region.code", read_only=True)


class CreditRecordSerializer(_OfEnterprise):
    kind_name = serializers.CharField(source="kind_label", read_only=True)

    class Meta:
        model = CreditRecord
        fields = [
            "id", "enterprise_id", "enterprise_uscc", "enterprise_name", "region_code", "kind",
            "kind_name", "detail", "occurred_on", "ended_on", "repaired_on", "amount",
            "source_model", "source_pk", "public_from", "public_until", "refreshed_at",
        ]  # fmt: skip
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    n = serializers.IntegerField()
    contribution = serializers.FloatField(allow_null=True)
    text = serializers.CharField()
    text_en = serializers.CharField()


class CreditClassSerializer(_OfEnterprise):
    reasons = ReasonSerializer(many=True, read_only=True)
    override_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = CreditClass
        fields = [
            "id", "enterprise_id", "enterprise_uscc", "enterprise_name", "region_code",
            "effective_class", "computed_class", "score", "is_default", "forced_by",
            "model_version", "reasons", "computed_at", "override_class", "override_reason",
            "override_until", "override_active",
        ]  # fmt: skip
        read_only_fields = fields


class ClassOverrideSerializer(serializers.Serializer):
    risk_class = serializers.ChoiceField(choices=RiskClass.choices, label=_("credit risk class"))
    reason = serializers.CharField(max_length=255, label=_("reason for the override"))
    until = serializers.DateField(label=_("override until"), **DATE_ERRORS)

    def validate_until(self, value):
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("The end of the override must lie in the future."))
        return value
