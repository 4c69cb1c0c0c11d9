"""Foreign recalls in the API: `/api/foreign-recalls/` (entered here, matches proposed at
once) and `/api/foreign-recall-matches/` (the office confirms or rejects with `decide`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.cases import foreign_services as services
from zhiliang.cases.foreign_models import ForeignMatch, ForeignRecall
from zhiliang.cases.foreign_selectors import ForeignMatchFilterSet, ForeignRecallFilterSet
from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedViewSet
from zhiliang.enterprises.models import Product


class ForeignMatchSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)

    class Meta:
        model = ForeignMatch
        fields = [
            "id",
            "foreign_recall",
            "enterprise",
            "enterprise_name",
            "enterprise_uscc",
            "basis",
            "status",
            "decided_at",
            "note",
            "recall_case",
            "risk_item",
        ]
        read_only_fields = fields


# What the service takes besides the source (shown with its name beside its code).
WRITTEN = [name for name in services.FIELDS if name != "source"]


class ForeignRecallSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source_label", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    product = serializers.PrimaryKeyRelatedField(
        queryset=Product.objects.filter(parent__isnull=False), required=False, allow_null=True
    )
    matches = ForeignMatchSerializer(many=True, read_only=True)

    class Meta:
        model = ForeignRecall
        fields = ["id", "source", "source_name", *WRITTEN, "region_code", "created_at", "matches"]
        read_only_fields = ["id", "source_name", "region_code", "created_at", "matches"]
        validators = []


class MatchDecisionSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(label=_("confirm (true) or reject (false)"))
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class ForeignRecallViewSet(ScopedCreateViewSet):
    """Recalls published abroad (EU Safety Gate, CPSC, …) of products that may be made in
    your jurisdiction, with the enterprises proposed as their makers."""

    model = ForeignRecall
    serializer_class = ForeignRecallSerializer
    filterset_class = ForeignRecallFilterSet
    select_related = ("region",)
    prefetch_related = ("matches__enterprise",)
    create_service = services.foreign_recall_create


class ForeignMatchViewSet(ScopedViewSet):
    """The enterprises proposed as makers of a foreign recall's product; `decide` confirms
    or rejects one."""

    model = ForeignMatch
    serializer_class = ForeignMatchSerializer
    filterset_class = ForeignMatchFilterSet
    select_related = ("enterprise",)
    action_perms = {"decide": SERVICE_DECIDES}

    @extend_schema(request=MatchDecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        match = self.get_object()
        form = MatchDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.foreign_match_decide(actor=request.user, match=match, **form.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=match.pk)).data)
