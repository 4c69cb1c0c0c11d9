"""Serializers of the equipment registry: the one validator for the API and the importer.

The importer passes caches in the context (`regions`, `enterprises`, `taken_codes`, `units`,
`taken_hashes`) so a file is checked without a query per row; the API leaves them out.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import ScopedUsccField
from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.enterprises.api.serializers import CodeField
from zhiliang.equipment import crypto, due
from zhiliang.equipment.choices import UnitStatus
from zhiliang.equipment.data import operator_items
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection
from zhiliang.imports.registry import already_registered

DATE_ERRORS = {
    "error_messages": {
        "invalid": gettext_lazy(
            "Not a valid date: write year-month-day, e.g. 2019-05-13, and check that the day "
            "exists in that month."
        )
    }
}


def _today(context) -> date:
    return context.get("today") or timezone.localdate()


def _not_future(value, label, context):
    if value and value > _today(context):
        raise serializers.ValidationError(_("%(f)s cannot be in the future.") % {"f": label})
    return value


def _rule_kind(code: str) -> str:
    try:
        rule = due.rule_for(code)
    except ValueError:
        return ""
    return rule.kind if rule else ""


class EquipmentUnitSerializer(serializers.ModelSerializer):
    register_code = serializers.CharField(max_length=32, label=_("register code"))
    catalogue_code = serializers.CharField(max_length=8, label=_("catalogue code"))
    catalogue_name = serializers.SerializerMethodField()
    enterprise_uscc = ScopedUsccField(source="enterprise", label=_("enterprise USCC"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_code = CodeField(source="region", max_length=12, label=_("region code"))
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
        value = value.strip().upper()
        others = EquipmentUnit.objects.filter(register_code=value)
        if already_registered(self, value, context_key="taken_codes", queryset=others):
            raise serializers.ValidationError(
                _("A unit with register code %(c)s is already registered.") % {"c": value}
            )
        return value

    def validate_catalogue_code(self, value):
        try:
            return due.entry(value).code
        except ValueError:
            raise serializers.ValidationError(
                _("%(c)s is not a code of the special equipment catalogue (特种设备目录).")
                % {"c": value}
            ) from None

    def validate_region_code(self, value):
        value = value.strip()
        regions = self.context.get("regions")
        region = (
            regions.get(value) if regions is not None else Region.objects.filter(code=value).first()
        )
        if region is None:
            raise serializers.ValidationError(
                _("There is no region with code %(c)s.") % {"c": value}
            )
        if region.level not in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
            raise serializers.ValidationError(
                _("Give a county (6 digits) or township (9 digits) code, not %(n)s.")
                % {"n": region.name}
            )
        scope = getattr(self.context.get("user"), "jurisdiction", None)
        if scope is None or not region.code.startswith(scope.code):
            raise serializers.ValidationError(
                _("Region %(c)s %(n)s lies outside your jurisdiction.")
                % {"c": region.code, "n": region.name}
            )
        return region

    def validate(self, attrs):
        get = lambda f: attrs.get(f, getattr(self.instance, f, None))  # noqa: E731
        errors = {}
        labels = {
            "manufactured_on": _("The manufacture date"),
            "accepted_on": _("The acceptance date"),
            "in_service_on": _("The date put into service"),
            "registered_on": _("The registration date"),
            "found_unregistered_on": _("The field check date"),
            "retired_on": _("The date out of use"),
        }
        for f, label in labels.items():
            try:
                _not_future(get(f), label, self.context)
            except serializers.ValidationError as exc:
                errors[f] = exc.detail
        made, accepted, service = get("manufactured_on"), get("accepted_on"), get("in_service_on")
        if made and accepted and accepted < made:
            errors["accepted_on"] = [_("The acceptance lies before the manufacture date.")]
        if made and service and service < made:
            errors["in_service_on"] = [_("The unit entered service before it was made.")]
        number, registered_on = get("registration_number"), get("registered_on")
        if bool(number) != bool(registered_on):
            errors["registered_on"] = [
                _("A registration needs both its certificate number and its date.")
            ]
        found = get("found_unregistered_on")
        if registered_on and found and found >= registered_on:
            errors["found_unregistered_on"] = [
                _("A registered unit cannot have been found unregistered after it.")
            ]
        status, retired = get("status") or UnitStatus.IN_USE, get("retired_on")
        if status == UnitStatus.IN_USE and retired:
            errors["retired_on"] = [_("A unit in use has no date out of use.")]
        grade, code = get("safety_grade"), get("catalogue_code")
        if grade is not None and not 1 <= grade <= 5:
            errors["safety_grade"] = [_("A safety grade is 1 to 5.")]
        elif grade is not None and code and _rule_kind(code) != "by_grade":
            errors["safety_grade"] = [
                _("%(c)s has no safety grade (only fixed pressure vessels do).") % {"c": code}
            ]
        if get("gas_class") and code and _rule_kind(code) != "by_gas_class":
            errors["gas_class"] = [_("Only gas cylinders have a gas class.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


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
        units = self.context.get("units")
        if units is not None:
            unit = units.get(code)
        else:
            unit = (
                EquipmentUnit.objects.visible_to(self.context.get("user"))
                .filter(register_code=code)
                .first()
            )
        if unit is None:
            raise serializers.ValidationError(
                _("No equipment unit with register code %(c)s in your jurisdiction.") % {"c": code}
            )
        return unit

    def validate_inspected_on(self, value):
        return _not_future(value, _("The inspection date"), self.context)

    def validate_safety_grade(self, value):
        if value is not None and not 1 <= value <= 5:
            raise serializers.ValidationError(_("A safety grade is 1 to 5."))
        return value

    def validate(self, attrs):
        unit, day = attrs.get("unit"), attrs.get("inspected_on")
        if (
            unit
            and attrs.get("safety_grade") is not None
            and _rule_kind(unit.catalogue_code) != "by_grade"
        ):
            raise serializers.ValidationError(
                {"safety_grade": _("Only fixed pressure vessels are given a safety grade.")}
            )
        if unit and day and day < unit.accepted_on:
            raise serializers.ValidationError(
                {
                    "inspected_on": _(
                        "The inspection (%(d)s) lies before the acceptance inspection (%(a)s)."
                    )
                    % {"d": day, "a": unit.accepted_on}
                }
            )
        reports = self.context.get("taken_reports")
        if unit and reports is not None and (unit.pk, attrs.get("report_number")) in reports:
            raise serializers.ValidationError(
                {"report_number": _("This report is already recorded for the unit.")}
            )
        if (
            unit
            and reports is None
            and PeriodicInspection.objects.filter(
                unit=unit, report_number=attrs.get("report_number")
            ).exists()
        ):
            raise serializers.ValidationError(
                {"report_number": _("This report is already recorded for the unit.")}
            )
        return attrs


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
            number, birth = crypto.parse_id_number(value)
        except ValueError:
            raise serializers.ValidationError(
                _("%(v)s is not a valid 18-digit resident ID number.")
                % {"v": crypto.mask_id_text(value)}
            ) from None
        minimum = int(operator_items()["minimum_age"])
        if crypto.age_on(birth, _today(self.context)) < minimum:
            raise serializers.ValidationError(
                _("The operator is under %(n)d years old.") % {"n": minimum}
            )
        digest = crypto.keyed_hash(number)
        others = Operator.objects.filter(id_number_hash=digest)
        if already_registered(self, digest, context_key="taken_hashes", queryset=others):
            raise serializers.ValidationError(
                _("An operator with this ID number is already recorded.")
            )
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

    def validate(self, attrs):
        get = lambda f: attrs.get(f, getattr(self.instance, f, None))  # noqa: E731
        errors = {}
        for f, label in (("issued_on", _("The issue date")), ("recorded_on", _("The date"))):
            try:
                _not_future(get(f), label, self.context)
            except serializers.ValidationError as exc:
                errors[f] = exc.detail
        issued, until = get("issued_on"), get("valid_until")
        if until and not issued:
            errors["issued_on"] = [_("A certificate with an expiry needs its issue date.")]
        if issued and until and until <= issued:
            errors["valid_until"] = [_("The certificate expires before it was issued.")]
        if get("certificate_number") and not issued:
            errors["issued_on"] = [_("A certificate needs its issue date.")]
        if issued and not get("items"):
            errors["items"] = [_("A certificate names at least one item.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["items"] = instance.items
        return data
