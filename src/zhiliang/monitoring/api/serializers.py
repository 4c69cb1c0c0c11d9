"""Risk monitoring serializers: shape and conversion for the API and the importer. The rules
are the models' and the services' (`*_validate`). The result importer passes `purchases`
(number → purchase in the jurisdiction), `items` ((plan id, product id, name) → item) and
`taken` ({(purchase id, item id)}) in the context."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import (
    CodeField,
    RegionCodeField,
    ScopedCodeField,
    ScopedPrimaryKeyField,
    ScopedUsccField,
)
from zhiliang.core.forms import catalogue_product
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem
from zhiliang.risk.api.serializers import HazardField


class _ProductCode:
    def validate_product_code(self, value):
        return catalogue_product(value)


class MonitoringPlanSerializer(serializers.ModelSerializer):
    region_code = RegionCodeField(source="region", levels=(), label=gettext_lazy("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "name", "year", "region_code", "region_name", "description",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]


class MonitoringTestItemSerializer(_ProductCode, serializers.ModelSerializer):
    plan = ScopedPrimaryKeyField(Plan, label=gettext_lazy("plan"))
    product_code = CodeField(source="product", max_length=16, label=gettext_lazy("product code"))
    product_name = serializers.CharField(source="product.name", read_only=True)
    hazard = HazardField(max_length=24, label=gettext_lazy("hazard"))
    hazard_name = serializers.CharField(source="hazard_label", read_only=True)

    class Meta:
        model = TestItem
        fields = [
            "id", "plan", "product_code", "product_name", "hazard", "hazard_name", "name",
            "unit", "limit_min", "limit_max", "standard",
        ]  # fmt: skip
        read_only_fields = ["id"]
        validators = []


class MonitoringPurchaseSerializer(_ProductCode, serializers.ModelSerializer):
    plan = ScopedPrimaryKeyField(Plan, label=gettext_lazy("plan"))
    product_code = CodeField(source="product", max_length=16, label=gettext_lazy("product code"))
    product_name = serializers.CharField(source="product.name", read_only=True)
    region_code = RegionCodeField(source="region", label=gettext_lazy("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_uscc = ScopedUsccField(
        source="enterprise", required=False, allow_null=True, label=gettext_lazy("producer USCC")
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")

    class Meta:
        model = Purchase
        fields = [
            "id", "plan", "number", "product_code", "product_name", "region_code",
            "region_name", "channel", "shop", "platform", "place", "bought_on", "price",
            "sample_name", "brand", "enterprise_uscc", "enterprise_name", "verdict",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "verdict", "created_at", "updated_at"]
        extra_kwargs = {"bought_on": DATE_ERRORS, "number": {"validators": []}}


@extend_schema_field({"type": "string", "maxLength": 40})
class PurchaseNumberField(ScopedCodeField):
    """A purchase by its sample number, inside the caller's jurisdiction."""

    scoped_model = Purchase
    code_field = "number"
    lookup = "purchases"
    related = ("plan", "region")
    not_found = gettext_lazy("No purchase with sample number %(n)s in your jurisdiction.")


class ItemNameField(serializers.CharField):
    """The test item by its name (found among the purchase's plan and product by the
    serializer's `validate`), shown as the item's name."""

    def get_attribute(self, instance):
        return instance.item.name


class MonitoringResultSerializer(serializers.ModelSerializer):
    purchase_number = PurchaseNumberField(
        source="purchase", max_length=40, label=gettext_lazy("sample number")
    )
    item_name = ItemNameField(
        max_length=120,
        label=gettext_lazy("test item"),
        help_text=gettext_lazy("The name of a test item of the purchase's plan and product."),
    )
    unit = serializers.CharField(source="item.unit", read_only=True)
    limit_min = serializers.DecimalField(
        source="item.limit_min", max_digits=14, decimal_places=4, read_only=True, allow_null=True
    )
    limit_max = serializers.DecimalField(
        source="item.limit_max", max_digits=14, decimal_places=4, read_only=True, allow_null=True
    )
    standard = serializers.CharField(source="item.standard", read_only=True)
    value = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        label=gettext_lazy("measured value"),
        error_messages={"invalid": gettext_lazy("Write the measured value as a number.")},
    )

    class Meta:
        model = Result
        fields = [
            "id", "purchase_number", "item_name", "value", "unit", "limit_min", "limit_max",
            "standard", "tested_on", "verdict",
        ]  # fmt: skip
        read_only_fields = ["id", "verdict"]
        extra_kwargs = {"tested_on": DATE_ERRORS}
        validators = []

    def validate(self, attrs):
        """The item by its name among the purchase's plan and product."""
        purchase, name = attrs.get("purchase"), attrs.pop("item_name", "").strip()
        if purchase is not None:
            items = self.context.get("items")
            key = (purchase.plan_id, purchase.product_id, name)
            if items is not None:
                item = items.get(key)
            else:
                item = TestItem.objects.filter(plan_id=key[0], product_id=key[1], name=name).first()
            if item is None:
                raise serializers.ValidationError(
                    {
                        "item_name": _(
                            "%(i)s is not a test item of this purchase's plan and product."
                        )
                        % {"i": name}
                    }
                )
            attrs["item"] = item
        return super().validate(attrs)
