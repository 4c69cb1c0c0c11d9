"""Serializers of the registries: the one validator for the API and the staged importer.

The importer passes caches in the context (`kinds`, `categories`, `products`,
`enterprises`, `taken`) so that a big file is checked without a query
per row; the API leaves them out and each check asks the database.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core.api.fields import ScopedUsccField
from zhiliang.enterprises.models import Product
from zhiliang.imports.registry import already_registered
from zhiliang.licensing.choices import InstrumentStatus, VerificationMode
from zhiliang.licensing.dates import add_years
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
    Verification,
)


class CodeField(serializers.CharField):
    """Takes a code as text; shows the related object's code."""

    def to_representation(self, value):
        return value.code


def _today():
    return timezone.localdate()


def _not_future(value, label):
    if value and value > _today():
        raise serializers.ValidationError(_("%(f)s cannot be in the future.") % {"f": label})
    return value


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
        validators = []  # uniqueness per kind is checked in validate(), with a clear message

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["products"] = [p.code for p in instance.products.all()]
        return data

    def validate_kind(self, value):
        value = value.strip()
        kinds = self.context.get("kinds")
        kind = (
            kinds.get(value)
            if kinds is not None
            else CertificateKind.objects.filter(code=value).first()
        )
        if kind is None:
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

    def validate_issued_on(self, value):
        return _not_future(value, _("The issue date"))

    def validate_number(self, value):
        return value.strip()

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        number = attrs.get("number", getattr(self.instance, "number", None))
        issued = attrs.get("issued_on", getattr(self.instance, "issued_on", None))
        expires = attrs.get("expires_on", getattr(self.instance, "expires_on", None))
        if issued and expires and expires <= issued:
            raise serializers.ValidationError(
                {"expires_on": _("The expiry date must lie after the issue date.")}
            )
        if kind and issued and expires and kind.validity_years:
            longest = add_years(issued, kind.validity_years)
            if expires > longest:
                raise serializers.ValidationError(
                    {
                        "expires_on": _(
                            "A %(kind)s is valid for at most %(n)d years: from %(i)s it "
                            "expires on %(d)s at the latest."
                        )
                        % {"kind": kind.name, "n": kind.validity_years, "i": issued, "d": longest}
                    }
                )
        if kind and number:
            self._check_unique(kind, number)
        return attrs

    def _check_unique(self, kind, number):
        others = Certificate.objects.filter(kind=kind, number=number)
        if already_registered(self, (kind.id, number), context_key="taken", queryset=others):
            raise serializers.ValidationError(
                {
                    "number": _("A %(kind)s numbered %(n)s is already registered.")
                    % {"kind": kind.name, "n": number}
                }
            )


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
        validators = []  # uniqueness per owner and item is checked in validate()

    def get_overdue(self, obj) -> bool:
        return bool(
            obj.status == InstrumentStatus.IN_USE and obj.next_due_on and obj.next_due_on < _today()
        )

    def validate_category(self, value):
        value = value.strip()
        cache = self.context.get("categories")
        if cache is not None:
            category = cache.get(value)
        else:
            category = InstrumentCategory.objects.filter(code=value).first()
        if category is None:
            raise serializers.ValidationError(
                _("%(c)s is not an item of the compulsory-verification catalogue.") % {"c": value}
            )
        return category

    def validate_in_use_from(self, value):
        return _not_future(value, _("The date of entry into use"))

    def validate_last_verified_on(self, value):
        return _not_future(value, _("The verification date"))

    def validate_serial(self, value):
        return value.strip()

    def validate(self, attrs):
        if self.instance is None:
            verified, result = attrs.get("last_verified_on"), attrs.get("last_result")
            if bool(verified) != bool(result):
                raise serializers.ValidationError(
                    _("Give both the last verification date and its result, or neither.")
                )
        category = attrs.get("category", getattr(self.instance, "category", None))
        mode = (
            attrs.get("mode")
            or getattr(self.instance, "mode", None)
            or (category and category.mode)
        )
        period = attrs.get("period_months") or (
            category.period_months if category and mode == category.mode else None
        )
        if (
            mode == VerificationMode.PERIODIC
            and not period
            and not getattr(self.instance, "period_months", None)
        ):
            raise serializers.ValidationError(
                {
                    "period_months": _(
                        "A periodically verified instrument needs its period in months."
                    )
                }
            )
        owner = attrs.get("owner", getattr(self.instance, "owner", None))
        serial = attrs.get("serial", getattr(self.instance, "serial", None))
        if owner and category and serial:
            self._check_unique(owner, category, serial)
        return attrs

    def _check_unique(self, owner, category, serial):
        key = (owner.id, category.id, serial)
        others = Instrument.objects.filter(owner=owner, category=category, serial=serial)
        if already_registered(self, key, context_key="taken", queryset=others):
            raise serializers.ValidationError(
                {
                    "serial": _("This owner already has a %(c)s with serial number %(s)s.")
                    % {"c": category.name, "s": serial}
                }
            )


class VerificationSerializer(serializers.ModelSerializer):
    instrument = serializers.PrimaryKeyRelatedField(
        queryset=Instrument.objects.none(), label=_("instrument")
    )

    class Meta:
        model = Verification
        fields = [
            "id", "instrument", "verified_on", "result", "certificate_number", "verifier",
            "next_due_on", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "next_due_on", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["instrument"].queryset = Instrument.objects.visible_to(request.user)
        return fields

    def validate_verified_on(self, value: date):
        return _not_future(value, _("The verification date"))


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
