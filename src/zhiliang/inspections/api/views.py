"""REST surface of supervision sampling: reads start from `visible_to`, writes go through
the services (which check the permission and the jurisdiction again)."""

from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.parsers import BoundedJSONParser
from zhiliang.core.api.parsers import StorableFormParser as FormParser
from zhiliang.core.api.parsers import StorableMultiPartParser as MultiPartParser
from zhiliang.core.api.permissions import SERVICE_DECIDES, reads_and_writes
from zhiliang.core.api.viewsets import ScopedEditViewSet, ScopedViewSet
from zhiliang.inspections import selectors, services
from zhiliang.inspections.api import serializers as s
from zhiliang.inspections.filtersets import (
    DrawFilterSet,
    DrawPickFilterSet,
    FollowUpFilterSet,
    InspectorConflictFilterSet,
    InspectorFilterSet,
    SampleFilterSet,
    SamplingPlanFilterSet,
)
from zhiliang.inspections.models import (
    Draw,
    FollowUp,
    FollowUpStep,
    Inspector,
    InspectorConflict,
    PlanQuota,
    Sample,
    SamplingPlan,
    TestItem,
)


def perms_of(model: str, write: str) -> dict:
    """Rights of a part (conflict, quota…) taken from its parent model: reading it needs
    `view_<model>`, writing it `<write>`."""
    return reads_and_writes(f"inspections.view_{model}", write)


# -- inspectors -----------------------------------------------------------------------------------


class InspectorViewSet(ScopedEditViewSet):
    """The inspector register of your jurisdiction (phones masked unless you may see them)."""

    model = Inspector
    serializer_class = s.InspectorSerializer
    filterset_class = InspectorFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    select_related = ("organization",)
    create_service = services.inspector_create
    update_service = services.inspector_update


class InspectorConflictViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    """Conflicts of interest: an inspector is never drawn for that enterprise, nor for
    enterprises in that organisation's area."""

    serializer_class = s.InspectorConflictSerializer
    filterset_class = InspectorConflictFilterSet
    model = InspectorConflict
    perms = perms_of("inspector", "inspections.change_inspector")
    delete_service = services.conflict_delete
    instance_name = "conflict"

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.conflict_create(
            actor=self.request.user,
            inspector=d["inspector"],
            enterprise=d.get("enterprise"),
            organization=d.get("organization"),
            reason=d.get("reason", ""),
        )


# -- plans ----------------------------------------------------------------------------------------


class SamplingPlanViewSet(ScopedEditViewSet):
    """Sampling plans of your jurisdiction; `quotas/` lists (GET) and sets (POST
    `{product, region, quota}`, 0 removes) how many enterprises to draw."""

    model = SamplingPlan
    serializer_class = s.SamplingPlanSerializer
    filterset_class = SamplingPlanFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    select_related = ("authority", "region")
    action_perms = {"quotas": perms_of("samplingplan", "inspections.change_samplingplan")}

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(quota_total=Sum("quotas__quota"))
            .order_by("-year", "-id")
        )

    def perform_create(self, serializer):
        plan = services.sampling_plan_create(
            actor=self.request.user, data=serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        plan = services.sampling_plan_update(
            actor=self.request.user, plan=serializer.instance, data=serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    @extend_schema(request=s.PlanQuotaSerializer, responses=s.PlanQuotaSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def quotas(self, request, pk=None):
        plan = self.get_object()
        if request.method == "POST":
            data = s.PlanQuotaSerializer(data=request.data, context={"request": request})
            data.is_valid(raise_exception=True)
            d = data.validated_data
            services.quota_set(
                actor=request.user,
                plan=plan,
                product=d["product"],
                region=d["region"],
                quota=d["quota"],
            )
        rows = PlanQuota.objects.filter(plan=plan).select_related("product", "region")
        return Response(s.PlanQuotaSerializer(rows, many=True).data)


# -- draws ----------------------------------------------------------------------------------------


class DrawViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    """Draws of your plans. POST `{plan, seed?}` runs one; `picks/` lists who was drawn,
    `verify/` re-runs it, `publish/` fixes it for good. A published draw cannot change or be
    deleted; an unpublished one may be discarded (DELETE)."""

    model = Draw
    filterset_class = DrawFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    select_related = ("plan",)
    action_perms = {
        "publish": SERVICE_DECIDES,
        "verify": SERVICE_DECIDES,
        "destroy": perms_of("draw", "inspections.add_draw"),
    }

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            qs = qs.defer("pools", "inputs")
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return s.DrawRunSerializer
        if self.action == "retrieve":
            return s.DrawDetailSerializer
        return s.DrawSerializer

    def create(self, request, *args, **kwargs):
        data = s.DrawRunSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        draw = services.draw_run(
            actor=request.user,
            plan=data.validated_data["plan"],
            seed=data.validated_data.get("seed"),
        )
        return Response(s.DrawDetailSerializer(draw).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.draw_discard(actor=self.request.user, draw=instance)

    @extend_schema(responses=s.DrawPickSerializer(many=True))
    @action(detail=True, methods=["get"])
    def picks(self, request, pk=None):
        rows = selectors.draw_picks(self.get_object())
        rows = DrawPickFilterSet(request.query_params, queryset=rows).qs
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.DrawPickSerializer(page, many=True).data)

    @action(detail=True, methods=["get", "post"])
    def verify(self, request, pk=None):
        draw = self.get_object()
        check = selectors.draw_verify(draw)
        return Response(
            {
                "draw": draw.pk,
                "verified": check.ok,
                "message": check.message,
                "differences": check.differences,
                "notes": check.notes,
            }
        )

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        draw = services.draw_publish(actor=request.user, draw=self.get_object())
        return Response(s.DrawSerializer(draw).data)


# -- samples --------------------------------------------------------------------------------------


class SampleViewSet(ScopedEditViewSet):
    """Samples taken in your jurisdiction, with their test items (write them as a list:
    the overall verdict must agree, any failed item fails the sample). `publish/` publishes
    the result; a published result cannot change."""

    model = Sample
    serializer_class = s.SampleSerializer
    filterset_class = SampleFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    prefetch_related = (Prefetch("test_items", TestItem.objects.order_by("order", "id")),)
    action_perms = {"publish": SERVICE_DECIDES}

    def scoped(self):
        return selectors.samples_visible(self.request.user)

    def _split(self, data):
        data = dict(data)
        items = data.pop("test_items", None)
        items = [dict(i) for i in items] if items is not None else None
        return data, items

    def perform_create(self, serializer):
        data, items = self._split(serializer.validated_data)
        plan, enterprise, product = data.pop("plan"), data.pop("enterprise"), data.pop("product")
        pick = data.pop("pick", None)
        sample = services.sample_record(
            actor=self.request.user,
            plan=plan,
            enterprise=enterprise,
            product=product,
            pick=pick,
            data=data,
            test_items=items,
        )
        serializer.instance = self.get_queryset().get(pk=sample.pk)

    def perform_update(self, serializer):
        data, items = self._split(serializer.validated_data)
        for fixed in ("plan", "enterprise", "product", "pick"):
            if fixed in data and data.pop(fixed) != getattr(serializer.instance, fixed):
                from django.core.exceptions import ValidationError

                raise ValidationError({fixed: "This cannot change; record another sample."})
        sample = services.sample_update(
            actor=self.request.user, sample=serializer.instance, data=data, test_items=items
        )
        serializer.instance = self.get_queryset().get(pk=sample.pk)

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        sample = services.sample_publish(actor=request.user, sample=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=sample.pk)).data)


# -- follow-ups -----------------------------------------------------------------------------------


class FollowUpViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Follow-ups of failed samples. POST `{sample, notified_on}` opens one; `transition/`
    takes the next step (`action`, `done_on`, `note`, `evidence` file, and for some steps
    `escalation`, `objection_waived`, `training_attendees`)."""

    model = FollowUp
    filterset_class = FollowUpFilterSet
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]
    select_related = ("sample__enterprise",)
    prefetch_related = (
        Prefetch("steps", FollowUpStep.objects.select_related("actor").order_by("id")),
    )
    action_perms = {"transition": perms_of("followup", "inspections.change_followup")}

    def get_serializer_class(self):
        if self.action == "create":
            return s.FollowUpOpenSerializer
        if self.action == "transition":
            return s.FollowUpTransitionSerializer
        return s.FollowUpSerializer

    def create(self, request, *args, **kwargs):
        data = s.FollowUpOpenSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fu = services.followup_open(actor=request.user, **data.validated_data)
        fu = self.get_queryset().get(pk=fu.pk)
        return Response(s.FollowUpSerializer(fu).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        fu = self.get_object()
        data = s.FollowUpTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.followup_transition(actor=request.user, follow_up=fu, **data.validated_data)
        fu = get_object_or_404(self.get_queryset(), pk=fu.pk)
        return Response(s.FollowUpSerializer(fu).data)
