from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core.api.fields import CodeField, RegionCodeField
from zhiliang.indicators import periods as P
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue


class IndicatorSerializer(serializers.ModelSerializer):
    is_rate = serializers.BooleanField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "direction",
            "kind",
            "formula",
            "source",
            "app",
            "is_rate",
            "active",
            "definition",
        ]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    region_level = serializers.IntegerField(source="region.level", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "region_code",
            "region_name",
            "region_level",
            "period",
            "period_kind",
            "period_start",
            "period_end",
            "numerator",
            "denominator",
            "value",
            "source",
            "computed_at",
            "sample_size",
            "low",
            "high",
            "publication",
        ]
        read_only_fields = fields


class ReportedValueSerializer(serializers.ModelSerializer):
    indicator = CodeField(label=_("indicator code"))
    # Any level (a city reports for itself), inside the caller's jurisdiction.
    region_code = RegionCodeField(source="region", levels=(), label=_("region code"))
    reported_by = serializers.CharField(source="reported_by.username", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = ReportedValue
        fields = [
            "id",
            "indicator",
            "region_code",
            "period",
            "value",
            "evidence",
            "reported_by",
            "organization",
            "reported_at",
        ]
        read_only_fields = ["id", "reported_by", "organization", "reported_at"]

    def validate_indicator(self, value):
        indicator = Indicator.objects.filter(code=value.strip()).first()
        if indicator is None:
            raise serializers.ValidationError(
                _("There is no indicator with code %(c)s.") % {"c": value}
            )
        return indicator


class ComputeRunSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    periods = serializers.ListField(
        child=serializers.CharField(), required=False, label=_("periods (default: all recent)")
    )

    class Meta:
        model = ComputeRun
        fields = [
            "id",
            "status",
            "periods",
            "trigger",
            "steps_done",
            "steps_total",
            "percent",
            "step",
            "values_written",
            "message",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = [f for f in fields if f != "periods"]

    def validate_periods(self, value):
        try:
            return [P.parse(c).code for c in value]
        except P.PeriodError as exc:
            raise serializers.ValidationError(str(exc)) from None
