"""The enterprise serializer: the one validator for the API and the staged importer.

The importer passes caches in the context (`regions`, `industries`, `taken_usccs`) so
that 100,000 rows are checked without a query per row; the API leaves them out.
"""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhiliang.core.choices import RegionLevel
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise, Industry
from zhiliang.enterprises.uscc import clean_uscc
from zhiliang.imports.registry import already_registered


class CodeField(serializers.CharField):
    """Takes a code as text; shows the related object's code."""

    def to_representation(self, value):
        return value.code


class EnterpriseSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(max_length=40, label=_("USCC"))
    region_code = CodeField(
        source="region",
        max_length=12,
        label=_("region code"),
        help_text=_("county (6 digits) or township (9)"),
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry_code = CodeField(source="industry", max_length=5, label=_("industry code"))
    industry_name = serializers.CharField(source="industry.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "uscc",
            "name",
            "region_code",
            "region_name",
            "address",
            "industry_code",
            "industry_name",
            "size_class",
            "legal_representative",
            "established_on",
            "status",
            "chief_quality_officer",
            "cqo_trained_on",
            "contact_phone",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        _date = {
            "error_messages": {
                "invalid": gettext_lazy(
                    "Not a valid date: write year-month-day, e.g. 2019-05-13, and check "
                    "that the day exists in that month."
                )
            }
        }
        extra_kwargs = {"established_on": _date, "cqo_trained_on": _date}

    # -- validation -------------------------------------------------------------

    def validate_uscc(self, value):
        try:
            number = clean_uscc(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        if already_registered(
            self, number, context_key="taken_usccs", queryset=Enterprise.objects.filter(uscc=number)
        ):
            raise serializers.ValidationError(
                _("An enterprise with USCC %(c)s is already registered.") % {"c": number}
            )
        return number

    def validate_region_code(self, value):
        value = value.strip()
        regions = self.context.get("regions")
        if regions is not None:
            region = regions.get(value)
        else:
            region = Region.objects.filter(code=value).first()
        if region is None:
            raise serializers.ValidationError(
                _("There is no region with code %(c)s.") % {"c": value}
            )
        if region.level not in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
            raise serializers.ValidationError(
                _("Give a county (6 digits) or township (9 digits) code, not %(n)s.")
                % {"n": region.name}
            )
        user = self.context.get("user")
        scope = getattr(user, "jurisdiction", None)
        if scope is None or not region.code.startswith(scope.code):
            raise serializers.ValidationError(
                _("Region %(c)s %(n)s lies outside your jurisdiction.")
                % {"c": region.code, "n": region.name}
            )
        return region

    def validate_industry_code(self, value):
        value = value.strip().upper()
        industries = self.context.get("industries")
        if industries is not None:
            industry = industries.get(value)
        else:
            industry = Industry.objects.filter(code=value).first()
        if industry is None:
            raise serializers.ValidationError(
                _("%(c)s is not a GB/T 4754-2017 section or division code.") % {"c": value}
            )
        return industry

    def _not_future(self, value, label):
        if value and value > date.today():
            raise serializers.ValidationError(_("%(f)s cannot be in the future.") % {"f": label})
        return value

    def validate_established_on(self, value):
        return self._not_future(value, _("The establishment date"))

    def validate_cqo_trained_on(self, value):
        return self._not_future(value, _("The training date"))

    def validate(self, attrs):
        established, trained = attrs.get("established_on"), attrs.get("cqo_trained_on")
        if established and trained and trained < established:
            raise serializers.ValidationError(
                {
                    "cqo_trained_on": _(
                        "The training date lies before the enterprise was established."
                    )
                }
            )
        return attrs

    # -- output -----------------------------------------------------------------

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not may_see_personal_data(getattr(request, "user", None)):
            data["contact_phone"] = mask(data["contact_phone"])
        return data
