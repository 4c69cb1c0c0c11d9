"""Serializers of supervision sampling. Writes go through services; these only shape and
type-check the input, and look related records up inside the caller's jurisdiction."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.api.fields import NOT_FOUND, ScopedPrimaryKeyField, ScopedSlugField
from zhiliang.core.api.lean import Finished
from zhiliang.core.choices import OrganizationKind
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.models import Organization, Region
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.inspections import services
from zhiliang.inspections.choices import Escalation, FollowUpAction, Verdict
from zhiliang.inspections.models import (
    Draw,
    DrawPick,
    FollowUp,
    FollowUpStep,
    Inspector,
    InspectorConflict,
    PlanQuota,
    Sample,
    SamplingPlan,
    TestItem,
)
from zhiliang.inspections.services.samples import TEST_ITEMS_MAX


@extend_schema_field(OpenApiTypes.INT)
class OpenPlanPK(serializers.PrimaryKeyRelatedField):
    """A plan the user may record samples for (their own or one of a level above)."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def get_queryset(self):
        from zhiliang.inspections.selectors import plans_open_to

        return plans_open_to(self.context["request"].user)


class RegionCodeField(ScopedSlugField):
    """A region of the jurisdiction (or above it) by its code; a neighbour's reads as missing."""

    def __init__(self, **kwargs):
        super().__init__(Region, **kwargs)


class ProductCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Product.objects.all(), **kwargs)


# -- inspectors -----------------------------------------------------------------------------------


class InspectorSerializer(Finished, serializers.ModelSerializer):
    organization = ScopedPrimaryKeyField(Organization, above=False, label=_("organisation"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Inspector
        fields = [
            "id",
            "name",
            "organization",
            "organization_name",
            "qualifications",
            "phone",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def finish(self, data):
        if not may_see_personal_data(self.context["request"].user):
            data["phone"] = mask(data["phone"])
        return data


class InspectorConflictSerializer(serializers.ModelSerializer):
    inspector = ScopedPrimaryKeyField(Inspector, label=_("inspector"))
    enterprise = ScopedPrimaryKeyField(
        Enterprise, label=_("enterprise"), required=False, allow_null=True
    )
    organization = ScopedPrimaryKeyField(
        Organization, label=_("organisation"), required=False, allow_null=True
    )

    class Meta:
        model = InspectorConflict
        fields = ["id", "inspector", "enterprise", "organization", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]


# -- plans ----------------------------------------------------------------------------------------


class PlanQuotaSerializer(serializers.ModelSerializer):
    product = ProductCodeField(label=_("product or category code"))
    product_name = serializers.CharField(source="product.name", read_only=True)
    region = RegionCodeField(label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = PlanQuota
        fields = ["id", "plan", "product", "product_name", "region", "region_name", "quota"]
        read_only_fields = ["id", "plan"]


class SamplingPlanSerializer(serializers.ModelSerializer):
    authority = ScopedPrimaryKeyField(Organization, above=False, label=_("authority"))
    authority_name = serializers.CharField(source="authority.name", read_only=True)
    region = RegionCodeField(label=_("jurisdiction code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    quota_total = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = SamplingPlan
        fields = [
            "id",
            "name",
            "level",
            "year",
            "authority",
            "authority_name",
            "region",
            "region_name",
            "random_share",
            "team_size",
            "weight_a",
            "weight_b",
            "weight_c",
            "weight_d",
            "status",
            "notes",
            "quota_total",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


# -- draws ----------------------------------------------------------------------------------------


class DrawPickSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    product = serializers.CharField(source="quota.product.code", read_only=True)
    inspectors = serializers.SerializerMethodField()

    class Meta:
        model = DrawPick
        fields = [
            "id",
            "quota",
            "product",
            "order",
            "share",
            "enterprise",
            "enterprise_name",
            "enterprise_uscc",
            "inspectors",
        ]

    def get_inspectors(self, pick) -> list[dict]:
        return [{"id": m.inspector_id, "name": m.inspector.name} for m in pick.team.all()]


class DrawSerializer(serializers.ModelSerializer):
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    published = serializers.BooleanField(source="is_published", read_only=True)
    summary = serializers.SerializerMethodField()

    class Meta:
        model = Draw
        fields = [
            "id",
            "plan",
            "plan_name",
            "seed",
            "algorithm",
            "as_of",
            "result_digest",
            "summary",
            "created_by",
            "created_at",
            "published",
            "published_at",
        ]
        read_only_fields = fields

    def get_summary(self, draw) -> list[dict]:
        return [
            {k: q[k] for k in ("quota", "requested", "pool_size", "random", "weighted")}
            for q in draw.result.get("quotas", [])
        ]


class DrawDetailSerializer(DrawSerializer):
    class Meta(DrawSerializer.Meta):
        fields = [*DrawSerializer.Meta.fields, "inputs", "result"]
        read_only_fields = fields


class DrawRunSerializer(serializers.Serializer):
    plan = ScopedPrimaryKeyField(SamplingPlan, label=pgettext_lazy("sampling", "plan"))
    seed = serializers.IntegerField(
        required=False, min_value=0, max_value=2**63 - 1, label=_("seed (random if left out)")
    )


# -- samples --------------------------------------------------------------------------------------


class TestItemSerializer(serializers.ModelSerializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices, default=Verdict.PENDING)

    class Meta:
        model = TestItem
        fields = [
            "id",
            "item",
            "standard",
            "clause",
            "requirement",
            "measured_value",
            "unit",
            "verdict",
            "order",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"order": {"required": False}}


@extend_schema_field(OpenApiTypes.INT)
class SampleLaboratoryPK(ScopedPrimaryKeyField):
    """An inspection body the caller may name, or the laboratory the sample has already:
    a representation read and sent back unchanged must not lose it."""

    def get_queryset(self):
        named = self.referable()
        kept = getattr(getattr(self.parent, "instance", None), "laboratory_id", None)
        if not kept:
            return named
        return Organization.objects.filter(Q(pk__in=named.values("pk")) | Q(pk=kept))


class SampleSerializer(serializers.ModelSerializer):
    plan = OpenPlanPK(label=pgettext_lazy("sampling", "plan"))
    enterprise = ScopedPrimaryKeyField(Enterprise, label=_("enterprise"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    product = ProductCodeField(label=_("product code"))
    product_name = serializers.CharField(source="product.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    pick = ScopedPrimaryKeyField(DrawPick, label=_("draw pick"), required=False, allow_null=True)
    laboratory = SampleLaboratoryPK(
        Organization,
        kinds=[OrganizationKind.INSPECTION_BODY],
        label=_("laboratory"),
        required=False,
        allow_null=True,
    )
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False)
    test_items = TestItemSerializer(many=True, required=False, max_length=TEST_ITEMS_MAX)

    class Meta:
        model = Sample
        fields = [
            "id",
            "sample_number",
            "plan",
            "pick",
            "enterprise",
            "enterprise_name",
            "region",
            "product",
            "product_name",
            "brand",
            "model",
            "batch",
            "sampled_on",
            "place",
            "test_units",
            "backup_units",
            "laboratory",
            "verdict",
            "tested_on",
            "published_at",
            "test_items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "region", "published_at", "created_at", "updated_at"]
        extra_kwargs = {"sample_number": {"required": False}}


class FollowUpStepSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()
    late = serializers.BooleanField(read_only=True)

    class Meta:
        model = FollowUpStep
        fields = [
            "id",
            "step",
            "from_state",
            "to_state",
            "actor",
            "actor_name",
            "done_on",
            "due_on",
            "late",
            "evidence",
            "note",
        ]
        read_only_fields = fields

    def get_actor_name(self, step) -> str:
        return str(step.actor) if step.actor_id else ""


class StepOptionSerializer(serializers.Serializer):
    """A step the follow-up's state leads to, as it stands today (`services.followup_steps`)."""

    action = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    from_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    needs_waiver = serializers.BooleanField()


class FollowUpSerializer(serializers.ModelSerializer):
    sample_number = serializers.CharField(source="sample.sample_number", read_only=True)
    enterprise_name = serializers.CharField(source="sample.enterprise.name", read_only=True)
    steps = FollowUpStepSerializer(many=True, read_only=True)
    next_steps = serializers.SerializerMethodField()

    @extend_schema_field(StepOptionSerializer(many=True))
    def get_next_steps(self, fu) -> list[dict]:
        return StepOptionSerializer(services.followup_steps(fu), many=True).data

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "sample",
            "sample_number",
            "enterprise_name",
            "state",
            "notified_on",
            "objection_due_on",
            "retest_verdict",
            "rectification_ordered_on",
            "rectification_due_on",
            "reinspection_due_on",
            "announced_on",
            "second_reinspection_from",
            "second_reinspection_due_on",
            "due_on",
            "overdue",
            "escalation",
            "closed_on",
            "training_on",
            "training_attendees",
            "training_note",
            "steps",
            "next_steps",
        ]
        read_only_fields = fields


class FollowUpOpenSerializer(serializers.Serializer):
    sample = ScopedPrimaryKeyField(Sample, label=_("sample"))
    notified_on = serializers.DateField(label=_("result received on"))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class FollowUpTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[c for c in FollowUpAction.choices if c[0] != FollowUpAction.NOTIFY]
    )
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)
    escalation = serializers.ChoiceField(
        choices=Escalation.choices, required=False, allow_blank=True, default=""
    )
    objection_waived = serializers.BooleanField(required=False, default=False)
    training_attendees = serializers.IntegerField(required=False, allow_null=True, min_value=1)
