"""Experts, rounds, applications and holders: shape for the API; the rules are the
models' and the services'."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core.api.fields import RegionCodeField, ScopedPrimaryKeyField, ScopedUsccField
from zhiliang.core.choices import RegionLevel
from zhiliang.recognition import rules
from zhiliang.recognition.models import Application, Expert, Holder, Round

_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)


class ExpertSerializer(serializers.ModelSerializer):
    employer_uscc = ScopedUsccField(
        source="employer", required=False, allow_null=True, label=_("employer USCC")
    )
    region_code = RegionCodeField(source="region", levels=_LEVELS, label=_("region code"))

    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "speciality",
            "organisation",
            "employer_uscc",
            "region_code",
            "active",
        ]
        read_only_fields = ["id"]


class RoundSerializer(serializers.ModelSerializer):
    scheme = serializers.ChoiceField(choices=[], label=_("scheme"))
    level = serializers.ChoiceField(choices=[], label=_("level"))
    region_code = RegionCodeField(source="region", levels=_LEVELS, label=_("region code"))
    scheme_name = serializers.CharField(source="scheme_label", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "scheme",
            "scheme_name",
            "year",
            "level",
            "title",
            "region_code",
            "opens_on",
            "closes_on",
            "panel_size",
            "status",
            "publicity_from",
            "publicity_until",
        ]
        read_only_fields = ["id", "closes_on", "status", "publicity_from", "publicity_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [c for c, _n in rules.scheme_choices()]
        self.fields["level"].choices = [c for c, _n in rules.level_choices()]


class EligibilityRowSerializer(serializers.Serializer):
    rule = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()


class ApplicationSerializer(serializers.ModelSerializer):
    round_id = ScopedPrimaryKeyField(Round, source="round", label=_("evaluation round"))
    enterprise_uscc = ScopedUsccField(source="enterprise", label=_("enterprise USCC"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    eligibility = EligibilityRowSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "round_id",
            "enterprise_uscc",
            "enterprise_name",
            "product",
            "submitted_on",
            "status",
            "eligibility",
            "total",
            "grade",
            "decided_on",
        ]
        read_only_fields = ["id", "status", "total", "grade", "decided_on", "submitted_on"]


class HolderSerializer(serializers.ModelSerializer):
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Holder
        fields = [
            "id",
            "kind",
            "enterprise_uscc",
            "enterprise_name",
            "region_code",
            "product",
            "level",
            "grade",
            "year",
            "valid_from",
            "valid_until",
            "status",
            "certificate_number",
            "flagged",
            "flag_reasons",
        ]
        read_only_fields = fields
