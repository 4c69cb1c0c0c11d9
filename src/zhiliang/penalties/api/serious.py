"""API of the serious-violation list and of repair applications: a viewset per model, one
action per step, each through its service (serious_services)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.fields import ScopedPrimaryKeyField
from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedEditViewSet, ScopedViewSet
from zhiliang.enterprises.api.serializers import DATE_ERRORS
from zhiliang.penalties import serious_services as services
from zhiliang.penalties.api.serializers import LEGAL_BASIS, BodyField, _OfEnterprise
from zhiliang.penalties.filtersets import PenaltyRepairFilterSet, SeriousViolationFilterSet
from zhiliang.penalties.models import Penalty, PenaltyRepair, SeriousViolation

# What the listing's steps write (besides its status): shown, never taken.
STEP_FIELDS = [
    "notified_on",
    "objection_until",
    "objection",
    "dropped_on",
    "listed_on",
    "decision_number",
    "published_on",
    "ends_on",
    "removal_applied_on",
    "removal_conditions",
    "removal_statement",
    "removed_on",
    "removal_reason",
    "created_at",
    "updated_at",
]


class SeriousViolationSerializer(_OfEnterprise):
    deciding_body = BodyField(label=_("deciding body"), help_text=_("id or name"))
    penalty = ScopedPrimaryKeyField(Penalty, required=False, allow_null=True)
    category_name = serializers.CharField(source="category_label", read_only=True)

    class Meta:
        model = SeriousViolation
        fields = [
            "id",
            "enterprise_uscc",
            "enterprise_id",
            "enterprise_name",
            "region_code",
            "deciding_body",
            "penalty",
            "category",
            "category_name",
            "legal_basis",
            "facts",
            "status",
            "proposed_on",
            *STEP_FIELDS,
        ]
        read_only_fields = ["id", "status", *STEP_FIELDS]
        extra_kwargs = {
            "proposed_on": {**DATE_ERRORS, "required": False},
            "legal_basis": LEGAL_BASIS,
        }


class StepSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, **DATE_ERRORS)
    reason = serializers.CharField(max_length=2000, required=False, default="")
    decision_number = serializers.CharField(max_length=64, required=False, default="")
    objection = serializers.CharField(max_length=2000, required=False, default="")
    conditions = serializers.DictField(
        child=serializers.BooleanField(), required=False, default=dict
    )
    statement = serializers.CharField(max_length=2000, required=False, default="")


def _step(name, call):
    @extend_schema(request=StepSerializer, responses=SeriousViolationSerializer)
    def view(self, request, pk=None):
        listing = self.get_object()
        form = StepSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        listing = call(request.user, listing, form.validated_data)
        return Response(
            SeriousViolationSerializer(listing, context=self.get_serializer_context()).data
        )

    view.__name__ = name
    return action(detail=True, methods=["post"])(view)


class SeriousViolationViewSet(ScopedEditViewSet):
    """The serious-violation list (严重违法失信名单) of your jurisdiction: create proposes;
    each step is an action (notify, drop, decide, publish, apply_removal, grant_removal,
    refuse_removal)."""

    model = SeriousViolation
    serializer_class = SeriousViolationSerializer
    filterset_class = SeriousViolationFilterSet
    select_related = ("enterprise", "enterprise__region", "deciding_body")
    create_service = services.serious_propose
    update_service = services.serious_update
    instance_name = "listing"
    action_perms = {
        name: SERVICE_DECIDES
        for name in (
            "notify",
            "drop",
            "decide",
            "publish",
            "apply_removal",
            "grant_removal",
            "refuse_removal",
        )
    }

    notify = _step(
        "notify", lambda u, o, d: services.serious_notify(actor=u, listing=o, on=d.get("on"))
    )
    drop = _step(
        "drop",
        lambda u, o, d: services.serious_drop(
            actor=u, listing=o, on=d.get("on"), reason=d["reason"]
        ),
    )
    decide = _step(
        "decide",
        lambda u, o, d: services.serious_decide(
            actor=u,
            listing=o,
            on=d.get("on"),
            decision_number=d["decision_number"],
            objection=d["objection"],
        ),
    )
    publish = _step(
        "publish", lambda u, o, d: services.serious_publish(actor=u, listing=o, on=d.get("on"))
    )
    apply_removal = _step(
        "apply_removal",
        lambda u, o, d: services.serious_apply_removal(
            actor=u, listing=o, on=d.get("on"), conditions=d["conditions"], statement=d["statement"]
        ),
    )
    grant_removal = _step(
        "grant_removal",
        lambda u, o, d: services.serious_grant_removal(
            actor=u, listing=o, on=d.get("on"), reason=d["reason"]
        ),
    )
    refuse_removal = _step(
        "refuse_removal",
        lambda u, o, d: services.serious_refuse_removal(actor=u, listing=o, reason=d["reason"]),
    )


class PenaltyRepairSerializer(serializers.ModelSerializer):
    penalty = ScopedPrimaryKeyField(Penalty)
    decision_number = serializers.CharField(source="penalty.decision_number", read_only=True)
    enterprise_name = serializers.CharField(source="penalty.enterprise.name", read_only=True)

    class Meta:
        model = PenaltyRepair
        fields = [
            "id",
            "penalty",
            "decision_number",
            "enterprise_name",
            "applied_on",
            "statement",
            "status",
            "decided_on",
            "decision_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "decided_on",
            "decision_reason",
            "created_at",
            "updated_at",
        ]
        validators = []  # one pending application per penalty: repair_apply, with a clear message
        extra_kwargs = {"applied_on": {**DATE_ERRORS, "required": False}}


class RepairDecisionSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, **DATE_ERRORS)
    reason = serializers.CharField(max_length=255)


def _repair_apply(*, actor, data):
    return services.repair_apply(
        actor=actor,
        penalty=data["penalty"],
        applied_on=data.get("applied_on"),
        statement=data.get("statement", ""),
    )


class PenaltyRepairViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Repair applications (信用修复) for penalties of your jurisdiction: create applies;
    `grant` and `refuse` decide (grant needs an evidence file, added on the page)."""

    model = PenaltyRepair
    serializer_class = PenaltyRepairSerializer
    filterset_class = PenaltyRepairFilterSet
    select_related = ("penalty", "penalty__enterprise")
    create_service = staticmethod(_repair_apply)
    action_perms = {"grant": SERVICE_DECIDES, "refuse": SERVICE_DECIDES}

    def _decide(self, request, service):
        repair = self.get_object()
        form = RepairDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        repair = service(
            actor=request.user, repair=repair, on=data.get("on"), reason=data["reason"]
        )
        return Response(PenaltyRepairSerializer(repair, context=self.get_serializer_context()).data)

    @extend_schema(request=RepairDecisionSerializer, responses=PenaltyRepairSerializer)
    @action(detail=True, methods=["post"])
    def grant(self, request, pk=None):
        """Grant the repair: the record leaves the public pages that day."""
        return self._decide(request, services.repair_grant)

    @extend_schema(request=RepairDecisionSerializer, responses=PenaltyRepairSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """Refuse the repair, with the reason."""
        return self._decide(request, services.repair_refuse)
