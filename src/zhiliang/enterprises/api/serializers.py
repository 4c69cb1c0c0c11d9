"""The enterprise serializer: shape and conversion for the API and the staged importer.

The rules are the model's and the services' (`enterprise_validate`). The importer passes
caches in the context (`regions`, `industries`, `taken_usccs`) so that 100,000 rows are
checked without a query per row; the API leaves them out.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhiliang.core.api.fields import CodeField, RegionCodeField, UsccField, context_lookup
from zhiliang.core.api.lean import Finished
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.enterprises.models import Enterprise, Industry

DATE_ERRORS = {
    "error_messages": {
        "invalid": gettext_lazy(
            "Not a valid date: write year-month-day, e.g. 2019-05-13, and check "
            "that the day exists in that month."
        )
    }
}

CQO_HELP = gettext_lazy(
    "The current chief quality officer. A new name ends the current appointment today and "
    "starts one; an empty name ends it."
)
TRAINED_HELP = gettext_lazy(
    "The current officer's latest training. A new date records a training course of the "
    "current officer; training records are removed on the officer's page only."
)


class EnterpriseSerializer(Finished, serializers.ModelSerializer):
    uscc = UsccField(label=_("USCC"))
    region_code = RegionCodeField(
        source="region", label=_("region code"), help_text=_("county (6 digits) or township (9)")
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry_code = CodeField(source="industry", max_length=5, label=_("industry code"))
    industry_name = serializers.CharField(source="industry.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "uscc", "name", "region_code", "region_name", "address", "industry_code",
            "industry_name", "size_class", "legal_representative", "established_on", "status",
            "chief_quality_officer", "cqo_trained_on", "contact_phone", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "established_on": DATE_ERRORS,
            # A summary of the officers' history: a value given is written as history.
            "chief_quality_officer": {"help_text": CQO_HELP},
            "cqo_trained_on": {**DATE_ERRORS, "help_text": TRAINED_HELP},
        }

    def validate_industry_code(self, value):
        value = value.strip().upper()
        industry = context_lookup(self.context, "industries", value, Industry.objects)
        if industry is None:
            raise serializers.ValidationError(
                _("%(c)s is not a GB/T 4754-2017 section or division code.") % {"c": value}
            )
        return industry

    def finish(self, data):
        request = self.context.get("request")
        if not may_see_personal_data(getattr(request, "user", None)):
            data["contact_phone"] = mask(data["contact_phone"])
        return data
