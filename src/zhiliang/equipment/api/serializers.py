"""Serializers of the equipment registry: shape and conversion for the API and the importer.

The rules are the models' and the services' (`unit_validate`, `inspection_validate`,
`operator_validate`). The importer passes caches in the context (`regions`, `enterprises`,
`taken_codes`, `units`, `taken_hashes`) so a file is checked without a query per row; the
API leaves them out.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import RegionCodeField, ScopedUsccField, context_lookup
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.equipment import crypto, due
from zhiliang.equipment.data import operator_items
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection


class EquipmentUnitSerializer(serializers.ModelSerializer):
    register_code = serializers.CharField(max_length=32, label=_("register code"))
    catalogue_code = serializers.CharField(max_length=8, label=_("catalogue code"))
    catalogue_name = serializers.SerializerMethodField()
    enterprise_uscc = ScopedUsccField(source="enterprise", label=_("enterprise USCC"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_code = RegionCodeField(source="region", label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    registered = serializers.BooleanField(read_only=True)

    class Meta:
        model = EquipmentUnit
        fields = [
            "id", "register_code", "catalogue_code", "catalogue_name", "kind_code",
            "category_code", "enterprise_uscc", "enterprise_name", "region_code", "region_name",
            "location", "manufactured_on", "accepted_on", "in_service_on",
            "registration_number", "registered_on", "registered", "found_unregistered_on",
            "status", "retired_on", "safety_grade", "gas_class", "last_inspected_on",
            "override_every_years", "override_due_on", "override_reason", "next_due_on",
            "due_rule", "due_reason", "due_state", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "kind_code", "category_code", "last_inspected_on", "override_every_years",
            "override_due_on", "override_reason", "next_due_on", "due_rule", "due_reason",
            "due_state", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            f: DATE_ERRORS
            for f in ("manufactured_on", "accepted_on", "in_service_on", "registered_on",
                      "found_unregistered_on", "retired_on")
        }  # fmt: skip

    def get_catalogue_name(self, obj) -> str:
        try:
            return due.entry(obj.catalogue_code).name
        except ValueError:
            return ""

    def validate_register_code(self, value):
        return value.strip().upper()

    def validate_catalogue_code(self, value):
        try:
            return due.entry(value).code
        except ValueError:
            raise serializers.ValidationError(
                _("%(c)s is not a code of the special equipment catalogue (特种设备目录).")
                % {"c": value}
            ) from None


class OverrideSerializer(serializers.Serializer):
    """A unit's own interval (every N years) or due date, with the reason; both empty clears."""

    every_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=20, label=_("every N years")
    )
    due_on = serializers.DateField(
        required=False, allow_null=True, label=pgettext_lazy("inspection", "due on")
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, label=pgettext_lazy("override", "reason")
    )


class PeriodicInspectionSerializer(serializers.ModelSerializer):
    register_code = serializers.CharField(source="unit", max_length=32, label=_("register code"))
    conclusion_display = serializers.CharField(source="get_conclusion_display", read_only=True)

    class Meta:
        model = PeriodicInspection
        fields = [
            "id", "register_code", "inspected_on", "inspection_body", "conclusion",
            "conclusion_display", "report_number", "safety_grade", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"inspected_on": DATE_ERRORS}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["register_code"] = instance.unit.register_code
        data["unit"] = instance.unit_id
        return data

    def validate_register_code(self, value):
        code = value.strip().upper()
        visible = EquipmentUnit.objects.visible_to(self.context.get("user"))
        unit = context_lookup(self.context, "units", code, visible, field="register_code")
        if unit is None:
            raise serializers.ValidationError(
                _("No equipment unit with register code %(c)s in your jurisdiction.") % {"c": code}
            )
        return unit


class OperatorSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(
        write_only=True, max_length=24, label=_("ID number"), required=True
    )
    id_number_masked = serializers.CharField(read_only=True)
    employer_uscc = ScopedUsccField(source="employer", label=_("employer USCC"))
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    items = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("items")
    )

    class Meta:
        model = Operator
        fields = [
            "id", "name", "id_number", "id_number_masked", "employer_uscc", "employer_name",
            "region_code", "certificate_number", "items", "issued_on", "valid_until",
            "recorded_on", "left_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            f: {**DATE_ERRORS, "required": False}
            for f in ("issued_on", "valid_until", "recorded_on", "left_on")
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # an update may leave the ID number as it is
            fields["id_number"].required = False
        return fields

    def validate_id_number(self, value):
        try:
            number, _birth = crypto.parse_id_number(value)
        except ValueError:
            raise serializers.ValidationError(
                _("%(v)s is not a valid 18-digit resident ID number.")
                % {"v": crypto.mask_id_text(value)}
            ) from None
        return number

    def validate_items(self, value):
        known = operator_items()["items"]
        codes = [c.strip().upper() for c in str(value).replace("，", ",").split(",") if c.strip()]
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown certificate items: %(c)s (known: %(k)s).")
                % {"c": ", ".join(unknown), "k": ", ".join(known)}
            )
        return ",".join(dict.fromkeys(codes))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["items"] = instance.items
        return data
