"""The standards registry: shape and conversion for the API and the staged importers; the
rules are the models' and the services' validators."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import RegionCodeField, ScopedSlugField, ScopedUsccField
from zhiliang.core.choices import RegionLevel
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.enterprises.models import Product
from zhiliang.standards import rules
from zhiliang.standards.models import (
    Adoption,
    Drafting,
    EnterpriseStandard,
    Pilot,
    Review,
    Standard,
)

ANY_LEVEL = (RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP)


class DataChoiceField(serializers.ChoiceField):
    """A code of a data list (rules.yaml), given by its code or its Chinese or English name."""

    def __init__(self, *, choices_of, entries=None, **kwargs):
        self.choices_of, self.entries = choices_of, entries
        super().__init__(choices=[c for c, _n in choices_of()], **kwargs)

    def to_internal_value(self, data):
        text = str(data).strip()
        for entry in self.entries() if self.entries else []:
            if text in (entry["name"], entry["en"]):
                text = entry["code"]
        if text not in dict(self.choices_of()):
            names = "、".join(str(n) for _c, n in self.choices_of())
            raise serializers.ValidationError(
                _("%(v)s is not on the list; write one of: %(known)s.")
                % {"v": text, "known": names}
            )
        return text


class StandardNumberField(ScopedSlugField):
    """A standard by its number, as written (normalised), among those the caller sees."""

    default_error_messages = {
        "does_not_exist": _("No standard numbered {value} is registered."),
    }

    def __init__(self, **kwargs):
        super().__init__(Standard, slug_field="number", **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(rules.normalize_number(str(data)))


class ProductCodeField(serializers.SlugRelatedField):
    """A product of the catalogue by its code (shared by every region)."""

    default_error_messages = {
        "does_not_exist": _("There is no product with code {value} in the catalogue."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Product.objects.all(), **kwargs)


_ITEM = re.compile(r"\s*[:：]\s*")


@extend_schema_field({"oneOf": [
    {"type": "array", "items": {"type": "object", "properties": {
        "indicator": {"type": "string"}, "method": {"type": "string"}}}},
    {"type": "string"}]})  # fmt: skip
class ItemsField(serializers.Field):
    """Declared indicators with their test methods: a list of {indicator, method}, or text as
    a sheet writes it ("甲醛含量：GB/T 2912.1；pH值：GB/T 7573")."""

    def to_representation(self, value):
        return value

    def to_internal_value(self, data):
        if isinstance(data, str):
            parts = [p for p in re.split(r"[;；\n]+", data) if p.strip()]
            data = [dict(zip(("indicator", "method"), [*_ITEM.split(p.strip(), 1), ""][:2],
                             strict=True)) for p in parts]  # fmt: skip
        if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            raise serializers.ValidationError(_("List each indicator with its test method."))
        return [{"indicator": str(i.get("indicator") or "").strip(),
                 "method": str(i.get("method") or "").strip()} for i in data]  # fmt: skip


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["due_on", "reviewed_on", "conclusion"]
        read_only_fields = fields


class StandardSerializer(serializers.ModelSerializer):
    number = serializers.CharField(max_length=64, label=_("standard number"))
    level = DataChoiceField(choices_of=rules.level_choices, required=False,
                            entries=lambda: rules.rules()["levels"], label=_("level"))  # fmt: skip
    level_name = serializers.CharField(source="level_label", read_only=True)
    status = serializers.CharField(read_only=True)
    region_code = RegionCodeField(source="region", levels=ANY_LEVEL, required=False,
                                  allow_null=True, label=_("region code"))  # fmt: skip
    enterprise_uscc = ScopedUsccField(source="enterprise", required=False, allow_null=True,
                                      label=_("enterprise USCC"))  # fmt: skip
    replaced_by = StandardNumberField(required=False, allow_null=True, label=_("replaced by"))
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Standard
        fields = [
            "id", "number", "title", "level", "level_name", "status", "publisher", "region_code",
            "enterprise_uscc", "issued_on", "implemented_on", "withdrawn_on", "replaced_by",
            "reviewed_on", "review_due_on", "reviews",
        ]  # fmt: skip
        read_only_fields = ["id", "reviewed_on", "review_due_on"]
        extra_kwargs = {"issued_on": DATE_ERRORS, "implemented_on": DATE_ERRORS}


class EnterpriseStandardSerializer(serializers.ModelSerializer):
    enterprise_uscc = ScopedUsccField(source="enterprise", label=_("enterprise USCC"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    product_code = ProductCodeField(source="product", label=_("product code"))
    product_name = serializers.CharField(source="product.name", read_only=True)
    standard_number = StandardNumberField(source="standard", label=_("standard number"))
    items = ItemsField(required=False, label=_("declared indicators and test methods"))
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = EnterpriseStandard
        fields = [
            "id", "enterprise_uscc", "enterprise_name", "product_code", "product_name",
            "standard_number", "declared_on", "items", "complete", "gaps", "region_code",
        ]  # fmt: skip
        read_only_fields = ["id", "complete", "gaps"]
        extra_kwargs = {"declared_on": DATE_ERRORS}


class AdoptionSerializer(serializers.ModelSerializer):
    standard_number = StandardNumberField(source="standard", required=False, allow_null=True,
                                          label=_("standard number"))  # fmt: skip
    enterprise_uscc = ScopedUsccField(source="enterprise", required=False, allow_null=True,
                                      label=_("enterprise USCC"))  # fmt: skip
    product_code = ProductCodeField(source="product", required=False, allow_null=True,
                                    label=_("product code"))  # fmt: skip
    foreign_body = DataChoiceField(choices_of=rules.body_choices, label=_("issuing body"))
    degree = DataChoiceField(choices_of=rules.degree_choices, label=_("degree of correspondence"),
                             entries=lambda: rules.rules()["adoption"]["degrees"])  # fmt: skip

    class Meta:
        model = Adoption
        fields = ["id", "standard_number", "enterprise_uscc", "product_code", "foreign_number",
                  "foreign_body", "degree", "adopted_on"]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"adopted_on": DATE_ERRORS}


class DraftingSerializer(serializers.ModelSerializer):
    standard_number = StandardNumberField(source="standard", label=_("standard number"))
    standard_level = serializers.CharField(source="standard.level", read_only=True)
    enterprise_uscc = ScopedUsccField(source="enterprise", required=False, allow_null=True,
                                      label=_("enterprise USCC"))  # fmt: skip
    region_code = RegionCodeField(source="region", required=False, label=_("region code"))
    role = DataChoiceField(choices_of=rules.role_choices, label=_("role"),
                           entries=lambda: rules.rules()["drafting"]["roles"])  # fmt: skip
    kind = DataChoiceField(choices_of=rules.drafting_kind_choices, label=_("drafted or revised"),
                           entries=lambda: rules.rules()["drafting"]["kinds"])  # fmt: skip

    class Meta:
        model = Drafting
        fields = ["id", "standard_number", "standard_level", "enterprise_uscc",
                  "organization_name", "region_code", "role", "kind"]  # fmt: skip
        read_only_fields = ["id"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("enterprise") is not None:
            attrs["region"] = attrs["enterprise"].region
        return attrs


class PilotSerializer(serializers.ModelSerializer):
    level = DataChoiceField(choices_of=rules.pilot_level_choices, label=_("level"),
                            entries=lambda: rules.rules()["pilots"]["levels"])  # fmt: skip
    kind = DataChoiceField(choices_of=rules.pilot_kind_choices, label=_("kind"),
                           entries=lambda: rules.rules()["pilots"]["kinds"])  # fmt: skip
    field = DataChoiceField(choices_of=rules.pilot_field_choices, label=_("field"),
                            entries=lambda: rules.rules()["pilots"]["fields"])  # fmt: skip
    region_code = RegionCodeField(source="region", levels=ANY_LEVEL, label=_("region code"))
    enterprise_uscc = ScopedUsccField(source="enterprise", required=False, allow_null=True,
                                      label=_("enterprise USCC"))  # fmt: skip

    class Meta:
        model = Pilot
        fields = ["id", "name", "level", "kind", "field", "region_code", "enterprise_uscc",
                  "undertaker", "starts_on", "ends_on", "status"]  # fmt: skip
        read_only_fields = ["id"]
