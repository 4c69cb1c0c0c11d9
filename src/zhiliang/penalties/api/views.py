from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedModelViewSet
from zhiliang.penalties import services
from zhiliang.penalties.api import serializers as s
from zhiliang.penalties.filtersets import AbnormalListingFilterSet, PenaltyFilterSet
from zhiliang.penalties.models import AbnormalListing, Penalty


class PenaltyViewSet(ScopedModelViewSet):
    """Administrative penalties (行政处罚) on enterprises inside your jurisdiction."""

    model = Penalty
    serializer_class = s.PenaltySerializer
    filterset_class = PenaltyFilterSet
    select_related = ("enterprise", "enterprise__region", "enforcing_body")
    create_service = services.penalty_create
    update_service = services.penalty_update
    delete_service = services.penalty_delete
    action_perms = {"overturn": SERVICE_DECIDES}

    @extend_schema(request=s.PenaltyOverturnSerializer, responses=s.PenaltySerializer)
    @action(detail=True, methods=["post"])
    def overturn(self, request, pk=None):
        """The decision was changed, overturned or confirmed illegal or void: it leaves
        the public pages that day."""
        penalty = self.get_object()
        form = s.PenaltyOverturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        penalty = services.penalty_overturn(
            actor=request.user, penalty=penalty, status=data["status"], on=data["on"],
            reason=data["reason"],
        )  # fmt: skip
        return Response(s.PenaltySerializer(penalty, context=self.get_serializer_context()).data)


class AbnormalListingViewSet(ScopedModelViewSet):
    """Listings in the 经营异常名录 of enterprises inside your jurisdiction."""

    model = AbnormalListing
    serializer_class = s.AbnormalListingSerializer
    filterset_class = AbnormalListingFilterSet
    select_related = ("enterprise", "enterprise__region", "deciding_body")
    create_service = services.listing_create
    update_service = services.listing_update
    delete_service = services.listing_delete
    instance_name = "listing"
    action_perms = {"remove": SERVICE_DECIDES}

    @extend_schema(request=s.ListingRemoveSerializer, responses=s.AbnormalListingSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Remove the enterprise from the list (移出), with the date and the reason."""
        listing = self.get_object()
        form = s.ListingRemoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        listing = services.listing_remove(
            actor=request.user, listing=listing, on=data.get("on"), reason=data["reason"]
        )
        return Response(
            s.AbnormalListingSerializer(listing, context=self.get_serializer_context()).data
        )
