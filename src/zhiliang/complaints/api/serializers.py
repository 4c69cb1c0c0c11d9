"""The complaint serializer: shape and conversion for the API and the staged importer.

The rules are the model's and the services' (`complaint_validate`). The complainant's name
and phone are write-only; answers carry them masked, always. The importer passes caches in
the context (`regions`, `enterprises`, `products`, `taken_numbers`); the API leaves them out.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from zhiliang.complaints import rules
from zhiliang.complaints.choices import ComplaintStatus
from zhiliang.complaints.models import Complaint
from zhiliang.core.api.fields import (
    CodeField,
    RegionCodeField,
    ScopedPrimaryKeyField,
    ScopedUsccField,
)
from zhiliang.core.models import Organization
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.enterprises.models import Product


class _DataChoiceField(serializers.CharField):
    """A channel or issue category: its code, Chinese or English name → the code."""

    def __init__(self, *, key: str, **kwargs):
        self.key = key
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        code = rules.words(self.key).get(text) or rules.words(self.key).get(text.lower())
        if code is None:
            known = "、".join(name for _c, name in rules._named(self.key))
            raise serializers.ValidationError(
                _("%(v)s is not on the list; write one of: %(known)s.")
                % {"v": text, "known": known}
            )
        return code


class ComplaintSerializer(serializers.ModelSerializer):
    channel = _DataChoiceField(key="channels", label=_("channel"))
    channel_name = serializers.CharField(source="channel_label", read_only=True)
    category = _DataChoiceField(key="categories", label=_("issue category"))
    category_name = serializers.CharField(source="category_label", read_only=True)
    complainant_name = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=64, label=_("complainant")
    )
    complainant_phone = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=32,
        label=_("complainant's phone"),
    )
    complainant_name_masked = serializers.CharField(read_only=True)
    complainant_phone_masked = serializers.CharField(read_only=True)
    enterprise_uscc = ScopedUsccField(
        source="enterprise", required=False, allow_null=True, label=_("enterprise USCC")
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    region_code = RegionCodeField(
        source="region",
        required=False,
        label=_("region code"),
        help_text=_("The enterprise's region when the enterprise is given."),
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    product_code = CodeField(
        source="product",
        max_length=16,
        required=False,
        allow_null=True,
        allow_blank=True,
        label=_("product category code"),
    )
    handling_unit = ScopedPrimaryKeyField(
        Organization,
        above=False,
        required=False,
        label=_("handling unit"),
        help_text=_("Your own organisation if left out."),
    )
    handling_unit_name = serializers.CharField(source="handling_unit.name", read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id", "number", "received_on", "channel", "channel_name", "complainant_name",
            "complainant_phone", "complainant_name_masked", "complainant_phone_masked",
            "product_name", "product_code", "enterprise_uscc", "enterprise_name", "region_code",
            "region_name", "category", "category_name", "description", "handling_unit",
            "handling_unit_name", "status", "accepted_on", "accept_due_on", "close_due_on",
            "outcome", "closed_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "accept_due_on", "close_due_on", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            # The services say a number is taken (the importer without a query per row).
            "number": {"validators": []},
            "received_on": DATE_ERRORS,
            "accepted_on": DATE_ERRORS,
            "closed_on": DATE_ERRORS,
            "status": {"label": pgettext_lazy("complaint", "status")},
        }

    def validate_product_code(self, value):
        value = (value or "").strip()
        if not value:
            return None
        products = self.context.get("products")
        product = (
            products.get(value)
            if products is not None
            else Product.objects.filter(code=value).first()
        )
        if product is None:
            raise serializers.ValidationError(
                _("%(c)s is not a code of the product catalogue.") % {"c": value}
            )
        return product

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # A known enterprise decides the region (the services copy it as well).
        if attrs.get("enterprise") is not None:
            attrs["region"] = attrs["enterprise"].region
        if self.instance is None and "status" not in attrs:
            # A list without a status column: the dates say how far the handling went.
            if attrs.get("closed_on") or attrs.get("outcome"):
                attrs["status"] = ComplaintStatus.CLOSED
            elif attrs.get("accepted_on"):
                attrs["status"] = ComplaintStatus.HANDLING
        return attrs
