from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedViewSet
from zhiliang.credit import services
from zhiliang.credit.api import serializers as s
from zhiliang.credit.filtersets import CreditClassFilterSet, CreditRecordFilterSet
from zhiliang.credit.models import CreditClass, CreditRecord


class CreditRecordViewSet(ScopedViewSet):
    """Credit records (信用记录) derived from the registries, inside your jurisdiction."""

    model = CreditRecord
    serializer_class = s.CreditRecordSerializer
    filterset_class = CreditRecordFilterSet
    select_related = ("enterprise", "enterprise__region")


class CreditClassViewSet(ScopedViewSet):
    """Credit risk classes (信用风险分类 A–D) with their score and reasons, inside your
    jurisdiction. Not public: office staff and inspectors only."""

    model = CreditClass
    serializer_class = s.CreditClassSerializer
    filterset_class = CreditClassFilterSet
    select_related = ("enterprise", "enterprise__region")
    action_perms = {"override": SERVICE_DECIDES}

    @extend_schema(request=s.ClassOverrideSerializer, responses=s.CreditClassSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        """The office sets the class, with its reason, until a day."""
        credit_class = self.get_object()
        form = s.ClassOverrideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        credit_class = services.credit_class_override(
            actor=request.user, credit_class=credit_class, risk_class=data["risk_class"],
            reason=data["reason"], until=data["until"],
        )  # fmt: skip
        return Response(
            s.CreditClassSerializer(credit_class, context=self.get_serializer_context()).data
        )
