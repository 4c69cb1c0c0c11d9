"""Surveys and responses: shape and conversion for the API and the staged importer; the
rules are the model's and the services' (`survey_validate`, `response_validate`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import RegionCodeField, ScopedCodeField
from zhiliang.core.choices import RegionLevel
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.satisfaction import rules
from zhiliang.satisfaction.models import Response, Survey


class SurveySerializer(serializers.ModelSerializer):
    region_code = RegionCodeField(
        source="region", levels=(RegionLevel.CITY, RegionLevel.COUNTY), label=_("region code")
    )
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "code", "year", "title", "region_code", "region_name", "conducted_by",
                  "fieldwork_from", "fieldwork_to", "created_at"]  # fmt: skip
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {
            "code": {"validators": []},
            "fieldwork_from": DATE_ERRORS,
            "fieldwork_to": DATE_ERRORS,
        }


class SurveyCodeField(ScopedCodeField):
    """A survey of the caller's jurisdiction by its code (the importer's look-up when given)."""

    scoped_model = Survey
    lookup = "surveys"
    not_found = gettext_lazy("There is no survey coded %(c)s in your jurisdiction.")


class SectorField(serializers.CharField):
    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        code = rules.sector_words().get(text) or rules.sector_words().get(text.lower())
        if code is None:
            known = "、".join(name for _c, name in rules.sector_choices())
            raise serializers.ValidationError(
                _("%(v)s is not a sector of the design; write one of: %(known)s.")
                % {"v": text, "known": known}
            )
        return code


class ResponseSerializer(serializers.ModelSerializer):
    """The answers come as one column per question (q1 …) and are read back as `answers`."""

    survey_code = SurveyCodeField(source="survey", max_length=32, label=_("survey code"))
    region_code = RegionCodeField(source="region", label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    sector = SectorField(max_length=32, label=_("sector"))
    sector_name = serializers.CharField(source="sector_label", read_only=True)

    class Meta:
        model = Response
        fields = ["id", "survey_code", "respondent", "region_code", "region_name", "sector",
                  "sector_name", "surveyed_on", "weight", "answers", "index_score",
                  "straight_lined"]  # fmt: skip
        read_only_fields = ["id", "answers", "index_score", "straight_lined"]
        extra_kwargs = {"surveyed_on": DATE_ERRORS, "weight": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        for q in rules.questions():
            fields[q["code"]] = serializers.IntegerField(
                required=False, allow_null=True, write_only=True, label=q["text"]
            )
        return fields

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        attrs["answers"] = {
            code: attrs.pop(code) for code in rules.question_codes() if code in attrs
        }
        attrs["answers"] = {k: v for k, v in attrs["answers"].items() if v is not None}
        return attrs
