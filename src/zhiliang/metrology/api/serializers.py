"""Campaigns, checks and key energy-using units: shape and conversion for the API and the
staged importer; the rules are the models' and the services' validators."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import (
    RegionCodeField,
    ScopedCodeField,
    ScopedUsccField,
)
from zhiliang.core.choices import RegionLevel
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.metrology import rules
from zhiliang.metrology.models import Campaign, Check, EnergyUnit, MeterConfig


class _WordField(serializers.CharField):
    """A code of a data list, from its code, Chinese or English name."""

    def __init__(self, *, entries, **kwargs):
        self.entries = entries
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        code = rules.words(self.entries()).get(text) or rules.words(self.entries()).get(
            text.lower()
        )
        if code is None:
            known = "、".join(e["name"] for e in self.entries())
            raise serializers.ValidationError(
                _("%(v)s is not on the list; write one of: %(known)s.")
                % {"v": text, "known": known}
            )
        return code


class CampaignSerializer(serializers.ModelSerializer):
    subject = _WordField(entries=lambda: rules.rules()["subjects"], label=_("subject"))
    subject_name = serializers.CharField(source="subject_label", read_only=True)
    region_code = RegionCodeField(
        source="region", levels=(RegionLevel.CITY, RegionLevel.COUNTY), label=_("region code")
    )
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "code", "name", "subject", "subject_name", "region_code", "region_name",
                  "starts_on", "ends_on"]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"code": {"validators": []}, "starts_on": DATE_ERRORS,
                        "ends_on": DATE_ERRORS}  # fmt: skip


class CampaignCodeField(ScopedCodeField):
    scoped_model = Campaign
    lookup = "campaigns"
    not_found = gettext_lazy("There is no campaign coded %(c)s in your jurisdiction.")


_SEPARATORS = re.compile(r"[\s,;，；、/]+")


@extend_schema_field(
    {"oneOf": [{"type": "array", "items": {"type": "number"}, "minItems": 1}, {"type": "string"}]}
)
class ValuesField(serializers.Field):
    """Measured values: a list of numbers, or text as a lab sheet writes them
    ("498.2 501.3 …", separated by spaces, commas, semicolons or 、)."""

    def to_representation(self, value):
        return value

    def to_internal_value(self, data):
        parts = data if isinstance(data, list) else _SEPARATORS.split(str(data).strip())
        out, bad = [], []
        for part in parts:
            if part in ("", None):
                continue
            try:
                number = float(part)
            except (TypeError, ValueError):
                bad.append(str(part))
                continue
            if number != number or number in (float("inf"), float("-inf")):
                bad.append(str(part))
            else:
                out.append(number)
        if bad:
            raise serializers.ValidationError(_("Not numbers: %(v)s.") % {"v": "、".join(bad[:5])})
        if not out:
            raise serializers.ValidationError(_("Give each unit's measured value."))
        return out


class CheckSerializer(serializers.ModelSerializer):
    campaign_code = CampaignCodeField(source="campaign", max_length=32, label=_("campaign code"))
    enterprise_uscc = ScopedUsccField(
        source="enterprise", required=False, allow_null=True, label=_("enterprise USCC")
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    region_code = RegionCodeField(source="region", required=False, label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    values = ValuesField(label=_("measured values"))

    class Meta:
        model = Check
        fields = [
            "id", "campaign_code", "number", "enterprise_uscc", "enterprise_name", "region_code",
            "region_name", "checked_on", "item", "nominal", "nominal_unit", "lot_size", "values",
            "sample_size", "mean", "std", "tolerance", "mean_limit", "beyond_t", "beyond_2t",
            "max_error", "verdict", "reasons",
        ]  # fmt: skip
        read_only_fields = [
            "id", "sample_size", "mean", "std", "tolerance", "mean_limit", "beyond_t",
            "beyond_2t", "max_error", "verdict", "reasons",
        ]  # fmt: skip
        extra_kwargs = {"checked_on": DATE_ERRORS}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("enterprise") is not None:
            attrs["region"] = attrs["enterprise"].region
        return attrs


class MeterConfigSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeterConfig
        fields = ["level", "kind", "required", "installed", "counted", "meets", "recorded_on"]
        read_only_fields = fields


class EnergyUnitSerializer(serializers.ModelSerializer):
    enterprise_uscc = ScopedUsccField(
        source="enterprise", required=False, allow_null=True, label=_("enterprise USCC")
    )
    region_code = RegionCodeField(source="region", required=False, label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    meters = MeterConfigSerializer(many=True, read_only=True)

    class Meta:
        model = EnergyUnit
        fields = ["id", "name", "enterprise_uscc", "region_code", "region_name", "annual_tce",
                  "year", "recorded_on", "meters"]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"recorded_on": DATE_ERRORS}
