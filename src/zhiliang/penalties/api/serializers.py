"""Shape and conversion of penalties and listings for the API and the staged importer.

The rules are the models' and the services' (`penalty_validate`, `listing_validate`). The
importer passes whole-file look-ups in the context (`enterprises`, `bodies`, `taken`,
`open`) so that a file is checked without a query per row.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import ScopedPrimaryKeyField, ScopedUsccField
from zhiliang.core.models import Organization
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.penalties.models import AbnormalListing, Penalty


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 128}]})
class BodyField(ScopedPrimaryKeyField):
    """A market regulation body by id, or by its name or short name (the importer's cells)."""

    def __init__(self, **kwargs):
        super().__init__(Organization, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and not data.strip().isdigit():
            name = data.strip()
            cache = self.context.get("bodies")
            if cache is not None:
                found = cache.get(name, [])
            else:
                found = list(self.get_queryset().filter(name=name)[:2]) or list(
                    self.get_queryset().filter(short_name=name)[:2]
                )
            if len(found) != 1:
                raise serializers.ValidationError(
                    _("No organisation named %(n)s that you may name.") % {"n": name}
                    if not found
                    else _("Several organisations are named %(n)s: give its id.") % {"n": name}
                )
            return found[0]
        if isinstance(data, str):
            data = int(data.strip())
        return super().to_internal_value(data)


LEGAL_BASIS = {
    "error_messages": {
        "required": gettext_lazy("Give the legal basis (the articles applied)."),
        "blank": gettext_lazy("Give the legal basis (the articles applied)."),
    }
}


# The enterprise a penalty or listing concerns: written by USCC, read with its name.
# (A comment, not a docstring: the schema would show a docstring as every model's description.)
class _OfEnterprise(serializers.ModelSerializer):
    enterprise_uscc = ScopedUsccField(source="enterprise", label=_("enterprise USCC"))
    enterprise_id = serializers.IntegerField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_code = serializers.CharField(source="enterprise.region.code", read_only=True)


class PenaltySerializer(_OfEnterprise):
    enforcing_body = BodyField(label=_("enforcing body"), help_text=_("id or name"))
    enforcing_body_name = serializers.CharField(source="enforcing_body.name", read_only=True)
    kind = serializers.CharField(
        max_length=32, label=_("kind of penalty"), help_text=_("warning, fine, confiscation …")
    )
    kind_name = serializers.CharField(source="kind_label", read_only=True)

    class Meta:
        model = Penalty
        fields = [
            "id", "decision_number", "enterprise_uscc", "enterprise_id", "enterprise_name",
            "region_code", "enforcing_body", "enforcing_body_name", "violation", "legal_basis",
            "kind", "kind_name", "fine_amount", "confiscated_amount", "decided_on",
            "published_on", "status", "status_changed_on", "status_reason", "publish_by",
            "public_from", "public_until", "sector", "repaired_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "status", "status_changed_on", "status_reason", "publish_by", "public_from",
            "public_until", "repaired_on", "created_at", "updated_at",
        ]  # fmt: skip
        validators = []  # the decision number per body: penalty_validate, with a clear message
        extra_kwargs = {
            "decided_on": DATE_ERRORS,
            "published_on": DATE_ERRORS,
            "legal_basis": LEGAL_BASIS,
        }

    def validate_decision_number(self, value):
        return value.strip()

    def validate_kind(self, value):
        return value.strip()

    def validate_sector(self, value):
        from zhiliang.penalties import listing_rules

        value = (value or "").strip() or "general"
        known = listing_rules.sectors()
        if value not in known:
            raise serializers.ValidationError(
                _("Unknown field %(s)s; known fields: %(known)s.")
                % {"s": value, "known": ", ".join(f"{e.name} ({e.code})" for e in known.values())}
            )
        return value


class PenaltyOverturnSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            ("changed", _("changed (变更)")),
            ("overturned", _("overturned (撤销)")),
            ("illegal", _("confirmed illegal (确认违法)")),
            ("void", _("confirmed void (确认无效)")),
        ],
        default="overturned",
    )
    on = serializers.DateField(**DATE_ERRORS)
    reason = serializers.CharField(max_length=255)


class AbnormalListingSerializer(_OfEnterprise):
    deciding_body = BodyField(label=_("deciding body"), help_text=_("id or name"))
    deciding_body_name = serializers.CharField(source="deciding_body.name", read_only=True)
    reason = serializers.CharField(
        max_length=32, label=_("reason for listing"), help_text=_("annual_report, unreachable …")
    )
    reason_name = serializers.CharField(source="reason_label", read_only=True)

    class Meta:
        model = AbnormalListing
        fields = [
            "id", "enterprise_uscc", "enterprise_id", "enterprise_name", "region_code",
            "reason", "reason_name", "listed_on", "deciding_body", "deciding_body_name",
            "decision_number", "legal_basis", "removed_on", "removal_reason", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []  # one open listing per reason: listing_validate, with a clear message
        extra_kwargs = {
            "listed_on": DATE_ERRORS,
            "removed_on": DATE_ERRORS,
            "legal_basis": LEGAL_BASIS,
        }

    def validate_reason(self, value):
        return value.strip()


class ListingRemoveSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, **DATE_ERRORS)
    reason = serializers.CharField(max_length=255)
