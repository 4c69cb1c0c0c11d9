"""Injury surveillance serializers: shape and conversion for the API and the importer.

The rules are the models' and the services' (`case_validate`). The narrative is written by
anyone who may add cases, but read back only by holders of `injuries.view_narrative`.
The importer passes `hospitals` (code → hospital in the jurisdiction), `products` (code →
product) and `taken` ({(hospital id, case number)}) in the context.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import RegionCodeField, ScopedCodeField, context_actor
from zhiliang.core.api.lean import Finished
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.enterprises.models import Product
from zhiliang.injuries import rules
from zhiliang.injuries.models import InjuryCase, SentinelHospital
from zhiliang.injuries.services import parse_codes


class CodedField(serializers.CharField):
    """An entry of a coding list: its code, Chinese or English name → the code."""

    def __init__(self, *, key: str, **kwargs):
        self.key = key
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        code = rules.words(self.key).get(text.lower())
        if code is None:
            known = "、".join(name for _c, name in rules.choices(self.key))
            raise serializers.ValidationError(
                _("%(v)s is not on the list; write one of: %(known)s.")
                % {"v": text, "known": known}
            )
        return code


@extend_schema_field({"type": "string", "maxLength": 32})
class HospitalCodeField(ScopedCodeField):
    """A sentinel hospital by its code, inside the caller's jurisdiction."""

    scoped_model = SentinelHospital
    lookup = "hospitals"
    not_found = gettext_lazy("No sentinel hospital with code %(c)s in your jurisdiction.")


class HospitalSerializer(serializers.ModelSerializer):
    region_code = RegionCodeField(source="region", label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    stratum = CodedField(key="strata", label=_("stratum"))
    stratum_name = serializers.CharField(source="stratum_label", read_only=True)

    class Meta:
        model = SentinelHospital
        fields = [
            "id", "code", "name", "region_code", "region_name", "stratum", "stratum_name",
            "weight", "joined_on", "left_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "code": {"validators": []},
            "joined_on": DATE_ERRORS,
            "left_on": DATE_ERRORS,
        }


class CaseSerializer(Finished, serializers.ModelSerializer):
    hospital_code = HospitalCodeField(source="hospital", max_length=32, label=_("hospital code"))
    hospital_name = serializers.CharField(source="hospital.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    body_part = CodedField(key="body_parts", label=_("body part"))
    diagnosis = CodedField(key="diagnoses", label=_("diagnosis"))
    disposition = CodedField(key="dispositions", label=_("disposition"))
    place = CodedField(key="places", label=_("place of injury"))
    product_codes = serializers.CharField(
        max_length=200,
        label=_("product codes"),
        help_text=_("One or more codes of the product catalogue, e.g. 0401, 0107."),
    )
    narrative = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        label=_("narrative"),
        help_text=_("Answered as null to those who may not read narratives."),
    )

    class Meta:
        model = InjuryCase
        fields = [
            "id", "hospital_code", "hospital_name", "region_code", "case_number",
            "treated_on", "age", "sex", "body_part", "diagnosis", "disposition", "place",
            "product_codes", "narrative", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"treated_on": DATE_ERRORS}
        # The services say a number is taken (the importer without a query per row).
        validators = []

    def validate_product_codes(self, value):
        codes = parse_codes(value)
        if not codes:
            raise serializers.ValidationError(_("Give at least one product code of the catalogue."))
        known = self.context.get("products")
        if known is None:
            known = set(Product.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Not codes of the product catalogue: %(c)s.") % {"c": "、".join(unknown)}
            )
        return codes

    def validate_narrative(self, value):
        return value or ""

    def finish(self, data):
        actor = context_actor(self.context)
        if actor is None or not actor.has_perm("injuries.view_narrative"):
            data["narrative"] = None
        return data
