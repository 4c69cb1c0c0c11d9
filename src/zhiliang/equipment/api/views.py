"""REST surface of the equipment registry: querysets from `visible_to`, writes via services."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedEditViewSet, ScopedViewSet
from zhiliang.equipment import selectors, services
from zhiliang.equipment.api import serializers as s
from zhiliang.equipment.filtersets import (
    EquipmentUnitFilterSet,
    OperatorFilterSet,
    PeriodicInspectionFilterSet,
)
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection


class EquipmentUnitViewSet(ScopedEditViewSet):
    """Special equipment units inside your jurisdiction, with the stored next due date and
    the rule that gave it; `inspections` lists a unit's periodic inspections, `override`
    sets its own interval or due date (with a reason)."""

    model = EquipmentUnit
    serializer_class = s.EquipmentUnitSerializer
    filterset_class = EquipmentUnitFilterSet
    select_related = ("region", "enterprise")
    create_service = services.unit_create
    update_service = services.unit_update
    instance_name = "unit"
    action_perms = {"override": SERVICE_DECIDES}

    @extend_schema(responses=s.PeriodicInspectionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def inspections(self, request, pk=None):
        unit = self.get_object()
        rows = selectors.unit_inspections(unit=unit)
        for row in rows:
            row.unit = unit
        return Response(s.PeriodicInspectionSerializer(rows, many=True).data)

    @extend_schema(request=s.OverrideSerializer, responses=s.EquipmentUnitSerializer)
    @action(detail=True, methods=["post"])
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


class PeriodicInspectionViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Periodic inspections of units inside your jurisdiction. Recording one moves the
    unit's next due date (when it passed)."""

    model = PeriodicInspection
    serializer_class = s.PeriodicInspectionSerializer
    filterset_class = PeriodicInspectionFilterSet
    select_related = ("unit",)
    create_service = services.inspection_record


class OperatorViewSet(ScopedEditViewSet):
    """Special equipment operators and their certificates; ID numbers are masked. `reveal`
    returns the full number to roles allowed to see it, and logs the reveal."""

    model = Operator
    serializer_class = s.OperatorSerializer
    filterset_class = OperatorFilterSet
    select_related = ("region", "employer")
    create_service = services.operator_create
    update_service = services.operator_update
    action_perms = {"reveal": SERVICE_DECIDES}

    @extend_schema(
        request=None,
        responses=inline_serializer("RevealedId", {"id_number": serializers.CharField()}),
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID number (permission `equipment.reveal_operator_id`); logged."""
        operator = self.get_object()
        number = services.operator_reveal_id(actor=request.user, operator=operator, request=request)
        return Response({"id_number": number})
