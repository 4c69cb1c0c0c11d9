"""Risk information and signals: shape and conversion for the API and the staged importer.
The rules are the model's and the services' (`risk_information_validate`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import CodeField, RegionCodeField, ScopedUsccField
from zhiliang.core.forms import catalogue_product
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.risk import rules
from zhiliang.risk.choices import SourceKind
from zhiliang.risk.models import RiskInformation, Signal
from zhiliang.risk.presenting import signal_words


class HazardField(serializers.CharField):
    """A hazard type: its code, Chinese or English name → the code."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        code = rules.hazard_words().get(text) or rules.hazard_words().get(text.lower())
        if code is None:
            known = "、".join(name for _c, name in rules.hazard_choices())
            raise serializers.ValidationError(
                _("%(v)s is not on the list; write one of: %(known)s.")
                % {"v": text, "known": known}
            )
        return code


class RiskInformationSerializer(serializers.ModelSerializer):
    # Every kind, as records carry them; sampling results are fed in, never entered.
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, label=gettext_lazy("source"))
    hazard = HazardField(max_length=24, label=gettext_lazy("hazard"))
    hazard_name = serializers.CharField(source="hazard_label", read_only=True)
    product_code = CodeField(source="product", max_length=16, label=gettext_lazy("product code"))
    product_name = serializers.CharField(source="product.name", read_only=True)
    enterprise_uscc = ScopedUsccField(
        source="enterprise", required=False, allow_null=True, label=gettext_lazy("enterprise USCC")
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    region_code = RegionCodeField(
        source="region", required=False, label=gettext_lazy("region code")
    )
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = RiskInformation
        fields = [
            "id", "source_kind", "reference", "product_code", "product_name", "hazard",
            "hazard_name", "region_code", "region_name", "enterprise_uscc", "enterprise_name",
            "occurred_on", "text", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"occurred_on": DATE_ERRORS}
        # The services say a reference is taken (the importer without a query per row).
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["source_kind"] = instance.source_kind
        return data

    def validate_source_kind(self, value):
        if value == SourceKind.SAMPLING:
            raise serializers.ValidationError(
                gettext_lazy("Sampling results are fed in automatically; they cannot be entered.")
            )
        return value

    def validate_product_code(self, value):
        return catalogue_product(value, self.context.get("products"))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("enterprise") is not None and attrs.get("region") is None:
            attrs["region"] = attrs["enterprise"].region
        return attrs


class SignalSerializer(serializers.ModelSerializer):
    product_code = serializers.CharField(source="product.code", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    method_name = serializers.CharField(source="get_method_display", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id", "product_code", "product_name", "region_code", "region_name", "method",
            "method_name", "status", "window_start", "window_end", "samples", "events",
            "statistic", "limit", "baseline", "p_value", "opened_on", "closed_on", "explanation",
        ]  # fmt: skip
        read_only_fields = fields

    def get_explanation(self, obj) -> str:
        return signal_words(obj)
