"""REST surface of the equipment registry: querysets from `visible_to`, writes via services."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.permissions import RolePermissions
from zhiliang.equipment import selectors, services
from zhiliang.equipment.api import serializers as s
from zhiliang.equipment.filtersets import (
    EquipmentUnitFilterSet,
    OperatorFilterSet,
    PeriodicInspectionFilterSet,
)
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection


class ReadThenServicePermissions(RolePermissions):
    """POST actions whose rights the service decides: the caller must read the model."""

    perms_map = {**RolePermissions.perms_map, "POST": ["%(app_label)s.view_%(model_name)s"]}


class _Writable(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}


class EquipmentUnitViewSet(_Writable):
    """Special equipment units inside your jurisdiction, with the stored next due date and
    the rule that gave it; `inspections` lists a unit's periodic inspections, `override`
    sets its own interval or due date (with a reason)."""

    serializer_class = s.EquipmentUnitSerializer
    filterset_class = EquipmentUnitFilterSet
    queryset = EquipmentUnit.objects.none()

    def get_queryset(self):
        return EquipmentUnit.objects.visible_to(self.request.user).select_related(
            "region", "enterprise"
        )

    def perform_create(self, serializer):
        serializer.instance = services.unit_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.unit_update(
            actor=self.request.user, unit=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(responses=s.PeriodicInspectionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def inspections(self, request, pk=None):
        unit = self.get_object()
        rows = selectors.unit_inspections(unit=unit)
        for row in rows:
            row.unit = unit
        return Response(s.PeriodicInspectionSerializer(rows, many=True).data)

    @extend_schema(request=s.OverrideSerializer, responses=s.EquipmentUnitSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ReadThenServicePermissions])
    def override(self, request, pk=None):
        """Set (or, with both empty, clear) the unit's own interval or due date; needs
        `equipment.change_equipmentunit` and a reason."""
        unit = self.get_object()
        form = s.OverrideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        unit = services.unit_set_override(
            actor=request.user,
            unit=unit,
            reason=form.validated_data.get("reason", ""),
            every_years=form.validated_data.get("every_years"),
            due_on=form.validated_data.get("due_on"),
        )
        return Response(s.EquipmentUnitSerializer(unit, context=self.get_serializer_context()).data)


class PeriodicInspectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Periodic inspections of units inside your jurisdiction. Recording one moves the
    unit's next due date (when it passed)."""

    serializer_class = s.PeriodicInspectionSerializer
    filterset_class = PeriodicInspectionFilterSet
    queryset = PeriodicInspection.objects.none()

    def get_queryset(self):
        return PeriodicInspection.objects.visible_to(self.request.user).select_related("unit")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    def perform_create(self, serializer):
        serializer.instance = services.inspection_record(
            actor=self.request.user, data=serializer.validated_data
        )


class OperatorViewSet(_Writable):
    """Special equipment operators and their certificates; ID numbers are masked. `reveal`
    returns the full number to roles allowed to see it, and logs the reveal."""

    serializer_class = s.OperatorSerializer
    filterset_class = OperatorFilterSet
    queryset = Operator.objects.none()

    def get_queryset(self):
        return Operator.objects.visible_to(self.request.user).select_related("region", "employer")

    def perform_create(self, serializer):
        serializer.instance = services.operator_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.operator_update(
            actor=self.request.user, operator=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(
        request=None,
        responses=inline_serializer("RevealedId", {"id_number": serializers.CharField()}),
    )
    @action(detail=True, methods=["post"], permission_classes=[ReadThenServicePermissions])
    def reveal(self, request, pk=None):
        """The full ID number (permission `equipment.reveal_operator_id`); logged."""
        operator = self.get_object()
        number = services.operator_reveal_id(actor=request.user, operator=operator, request=request)
        return Response({"id_number": number})
