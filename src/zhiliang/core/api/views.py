from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhiliang.core import accounts, selectors, services
from zhiliang.core.api.serializers import (
    ApiTokenSerializer,
    OrganizationSerializer,
    RegionSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from zhiliang.core.api.viewsets import ScopedEditViewSet, ScopedViewSet
from zhiliang.core.filtersets import OrganizationFilterSet, RegionFilterSet
from zhiliang.core.models import ApiToken, Organization, Region


class RegionViewSet(ScopedViewSet):
    """Regions inside your jurisdiction, and their ancestors."""

    model = Region
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    select_related = ("parent",)


class OrganizationViewSet(ScopedEditViewSet):
    """Government bodies, departments, quality offices, inspection bodies, associations."""

    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    select_related = ("region",)
    create_service = services.organization_create
    update_service = services.organization_update


class TokenView(APIView):
    """Exchange a username and password for a new API token (`Authorization: Token …`).

    The key is shown only in this answer; list and revoke your tokens under `/api/tokens/`.
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        key = accounts.auth_token_issue(request=request._request, **form.validated_data)
        if key is None:
            # The same answer for a wrong password, an unknown name and a locked account.
            return Response(
                {"message": services.login_refused_message()}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response({"token": key})


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your own API tokens: list them, create one (its key is shown once), revoke one."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        return selectors.api_tokens_of(user=self.request.user)

    def perform_create(self, serializer):
        token, key = accounts.api_token_create(
            user=self.request.user,
            name=serializer.validated_data.get("name", ""),
            request=self.request._request,
        )
        token.key = key
        serializer.instance = token

    def destroy(self, request, *args, **kwargs):
        try:
            accounts.api_token_revoke(
                actor=request.user, token_id=kwargs["pk"], request=request._request
            )
        except (ApiToken.DoesNotExist, ValueError, TypeError):
            raise NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)
