from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhiliang.core import selectors, services
from zhiliang.core.api.serializers import (
    OrganizationSerializer,
    RegionSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from zhiliang.core.filtersets import OrganizationFilterSet, RegionFilterSet
from zhiliang.core.models import Organization, Region


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions inside your jurisdiction, and their ancestors."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    queryset = Region.objects.none()

    def get_queryset(self):
        return Region.objects.visible_to(self.request.user).select_related("parent")


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Government bodies, departments, quality offices, inspection bodies, associations."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    queryset = Organization.objects.none()

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related("region")

    def perform_create(self, serializer):
        serializer.instance = services.organization_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.organization_update(
            actor=self.request.user,
            organization=serializer.instance,
            data=serializer.validated_data,
        )


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token …`)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            token = services.auth_token_issue(request=request._request, **form.validated_data)
        except services.AccountLocked as exc:
            return Response({"message": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        if token is None:
            locked = selectors.user_locked_until(username=form.validated_data["username"])
            if locked:
                return Response(
                    {"message": str(services.AccountLocked(locked))},
                    status=status.HTTP_403_FORBIDDEN,
                )
            return Response(
                {"message": _("Wrong username or password.")}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response({"token": token.key})
