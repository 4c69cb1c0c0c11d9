"""Serializers of the registries: shape and conversion for the API and the staged importer.

The rules are the models' and the services' (`certificate_validate`, `instrument_validate`).
The importer passes caches in the context (`kinds`, `categories`, `products`,
`enterprises`, `taken`) so that a big file is checked without a query
per row; the API leaves them out and each look-up asks the database.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core.api.fields import (
    CodeField,
    ScopedPrimaryKeyField,
    ScopedUsccField,
    context_lookup,
)
from zhiliang.enterprises.models import Product
from zhiliang.licensing.choices import InstrumentStatus, VerificationMode
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
    Verification,
)


class CertificateSerializer(serializers.ModelSerializer):
    kind = CodeField(
        max_length=32, label=_("kind"), help_text=_("ccc, production_licence, iso9001 …")
    )
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    holder_uscc = ScopedUsccField(source="holder", label=_("holder USCC"))
    holder_id = serializers.IntegerField(read_only=True)
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    region_code = serializers.CharField(source="holder.region.code", read_only=True)
    products = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        write_only=True,
        label=_("products covered"),
        help_text=_("product codes of the catalogue"),
    )

    class Meta:
        model = Certificate
        fields = [
            "id", "kind", "kind_name", "number", "holder_uscc", "holder_id", "holder_name",
            "region_code", "products", "scope", "issuer", "issued_on", "expires_on", "status",
            "status_changed_on", "ended_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status_changed_on", "ended_on", "created_at", "updated_at"]
        validators = []  # uniqueness per kind: certificate_validate, with a clear message

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["products"] = [p.code for p in instance.products.all()]
        return data

    def validate_kind(self, value):
        value = value.strip()
        kind = context_lookup(self.context, "kinds", value, CertificateKind.objects)
        if kind is None:
            kinds = self.context.get("kinds")
            known = ", ".join(kinds or CertificateKind.objects.values_list("code", flat=True))
            raise serializers.ValidationError(
                _("Unknown certificate kind %(k)s; known kinds: %(known)s.")
                % {"k": value, "known": known}
            )
        return kind

    def validate_products(self, value):
        codes = [c.strip() for c in value if c.strip()]
        cache = self.context.get("products")
        if cache is not None:
            found = {c: cache[c] for c in codes if c in cache}
        else:
            found = dict(Product.objects.filter(code__in=codes).values_list("code", "id"))
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown product codes: %(c)s.") % {"c": ", ".join(unknown)}
            )
        return sorted({found[c] for c in codes})

    def validate_number(self, value):
        return value.strip()


class InstrumentSerializer(serializers.ModelSerializer):
    owner_uscc = ScopedUsccField(source="owner", label=_("owner USCC"))
    owner_id = serializers.IntegerField(read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    region_code = serializers.CharField(source="owner.region.code", read_only=True)
    category = CodeField(max_length=8, label=_("catalogue item"))
    category_name = serializers.CharField(source="category.name", read_only=True)
    mode = serializers.ChoiceField(
        choices=VerificationMode.choices, required=False, label=_("verification mode"),
        help_text=_("default: the catalogue item's"),
    )  # fmt: skip
    verification_certificate = serializers.CharField(
        max_length=64, required=False, allow_blank=True, write_only=True,
        label=_("verification certificate number"),
    )  # fmt: skip
    verifier = serializers.CharField(
        max_length=100, required=False, allow_blank=True, write_only=True,
        label=_("verification body"),
    )  # fmt: skip
    overdue = serializers.SerializerMethodField(label=_("verification overdue"))

    class Meta:
        model = Instrument
        fields = [
            "id", "owner_uscc", "owner_id", "owner_name", "region_code", "category",
            "category_name", "serial", "model_name", "location", "mode", "period_months",
            "in_use_from", "retired_on", "status", "last_verified_on", "last_result",
            "verification_certificate", "verifier", "next_due_on", "overdue", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "retired_on", "next_due_on", "created_at", "updated_at"]
        validators = []  # uniqueness per owner and item: instrument_validate

    def get_overdue(self, obj) -> bool:
        return bool(
            obj.status == InstrumentStatus.IN_USE
            and obj.next_due_on
            and obj.next_due_on < timezone.localdate()
        )

    def validate_category(self, value):
        value = value.strip()
        category = context_lookup(self.context, "categories", value, InstrumentCategory.objects)
        if category is None:
            raise serializers.ValidationError(
                _("%(c)s is not an item of the compulsory-verification catalogue.") % {"c": value}
            )
        return category

    def validate_serial(self, value):
        return value.strip()


class VerificationSerializer(serializers.ModelSerializer):
    instrument = ScopedPrimaryKeyField(Instrument, label=_("instrument"))

    class Meta:
        model = Verification
        fields = [
            "id", "instrument", "verified_on", "result", "certificate_number", "verifier",
            "next_due_on", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "next_due_on", "created_at"]


class CertificateKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificateKind
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "validity_years",
            "renewal_window_days",
            "source",
        ]


class InstrumentCategorySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, default=None)

    class Meta:
        model = InstrumentCategory
        fields = ["id", "code", "name", "parent", "mode", "period_months", "scope", "mark"]
