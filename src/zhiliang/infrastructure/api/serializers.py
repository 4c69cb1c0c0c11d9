"""Testing bodies, TBT notifications and comments, chief quality officers and their
training: shape and conversion for the API and the importers; the rules are the models'
and the services' validators."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import (
    RegionCodeField,
    ScopedPrimaryKeyField,
    ScopedUsccField,
    context_actor,
)
from zhiliang.core.api.lean import Finished
from zhiliang.core.choices import OrganizationKind, RegionLevel
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.models import Organization
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.infrastructure import rules
from zhiliang.infrastructure.models import Appointment, Comment, Laboratory, Notice, Training
from zhiliang.infrastructure.models.officers import mask_name


class LevelField(serializers.CharField):
    """A level of the list, from its code or its Chinese or English name."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        for entry in rules.rules()["laboratories"]["levels"]:
            if text.lower() in (entry["code"], entry["name"], entry["name_en"].lower()):
                return entry["code"]
        known = "、".join(e["name"] for e in rules.rules()["laboratories"]["levels"])
        raise serializers.ValidationError(
            _("%(v)s is not a level of the list; write one of: %(k)s.") % {"v": text, "k": known}
        )


class LaboratorySerializer(serializers.ModelSerializer):
    organization = ScopedPrimaryKeyField(
        Organization, kinds=[OrganizationKind.INSPECTION_BODY], above=False,
        label=_("organisation"),
    )  # fmt: skip
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    level = LevelField(max_length=20, label=_("level"))
    level_name = serializers.CharField(source="level_label", read_only=True)
    expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Laboratory
        fields = [
            "id", "organization", "organization_name", "region_code", "level", "level_name",
            "cma_number", "cma_issued_on", "cma_valid_until", "cnas_number", "cnas_valid_until",
            "parameter_count", "expired",
        ]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {
            "cma_number": {"validators": []}, "cma_issued_on": DATE_ERRORS,
            "cma_valid_until": DATE_ERRORS, "cnas_valid_until": DATE_ERRORS,
        }  # fmt: skip


_SEPARATORS = re.compile(r"[\s,;，；、/]+")


@extend_schema_field(
    {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}
)
class HsCodesField(serializers.Field):
    """HS codes: a list, or text as a notification lists them ("8516.60, 8509")."""

    def to_representation(self, value):
        return value

    def to_internal_value(self, data):
        parts = data if isinstance(data, list) else _SEPARATORS.split(str(data or "").strip())
        out, bad = [], []
        for part in parts:
            code = str(part or "").replace(".", "").strip()
            if not code:
                continue
            (out if code.isdigit() and 2 <= len(code) <= 10 else bad).append(code)
        if bad:
            raise serializers.ValidationError(
                _("Not HS codes: %(v)s (write digits such as 8516 or 8516.60).")
                % {"v": "、".join(bad[:5])}
            )
        return sorted(set(out))


class TbtNoticeSerializer(serializers.ModelSerializer):
    region_code = RegionCodeField(
        source="region", levels=(RegionLevel.CITY, RegionLevel.COUNTY), label=_("region code")
    )
    hs_codes = HsCodesField(label=_("HS codes"), required=False)
    matched = serializers.IntegerField(read_only=True, default=None)
    open_for_comments = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id", "region_code", "number", "member", "title", "products", "hs_codes",
            "objective", "notified_on", "comment_deadline", "open_for_comments", "matched",
        ]  # fmt: skip
        read_only_fields = ["id"]
        validators = []  # the service tells a repeated number, with the office's regions
        extra_kwargs = {
            "notified_on": DATE_ERRORS, "comment_deadline": DATE_ERRORS,
            "number": {"validators": []},
        }  # fmt: skip


class TbtCommentSerializer(serializers.ModelSerializer):
    notice = ScopedPrimaryKeyField(Notice, label=_("TBT notification"))
    enterprise_uscc = ScopedUsccField(
        source="enterprise", required=False, allow_null=True, label=_("enterprise USCC")
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    department = ScopedPrimaryKeyField(
        Organization, kinds=[OrganizationKind.DEPARTMENT], required=False, allow_null=True,
        label=_("department"),
    )  # fmt: skip
    department_name = serializers.CharField(source="department.name", read_only=True, default="")

    class Meta:
        model = Comment
        fields = [
            "id", "notice", "enterprise_uscc", "enterprise_name", "department",
            "department_name", "commented_on", "text",
        ]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"commented_on": {**DATE_ERRORS, "required": False}}


class _Masked(Finished):
    """Personal data masked for a caller whose role may not see it in full."""

    masked: dict = {}  # field → how to mask it

    def finish(self, data):
        if not may_see_personal_data(context_actor(self.context)):
            for name, how in self.masked.items():
                if data.get(name):
                    data[name] = how(data[name])
        return data


class CqoAppointmentSerializer(_Masked, serializers.ModelSerializer):
    masked = {"person": mask_name, "phone": mask}
    enterprise_uscc = ScopedUsccField(source="enterprise", label=_("enterprise USCC"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id", "enterprise_uscc", "enterprise_name", "person", "position", "phone",
            "appointed_on", "ended_on",
        ]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"appointed_on": DATE_ERRORS, "ended_on": DATE_ERRORS}


class CqoTrainingSerializer(serializers.ModelSerializer):
    appointment = ScopedPrimaryKeyField(Appointment, label=_("chief quality officer"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Training
        fields = [
            "id", "appointment", "enterprise_name", "course", "trained_on", "hours",
            "certificate_number",
        ]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"trained_on": DATE_ERRORS}
