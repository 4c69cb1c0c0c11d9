from rest_framework import viewsets

from zhiliang.enterprises import services
from zhiliang.enterprises.api.serializers import EnterpriseSerializer
from zhiliang.enterprises.filtersets import EnterpriseFilterSet
from zhiliang.enterprises.models import Enterprise


class EnterpriseViewSet(viewsets.ModelViewSet):
    """The enterprise registry inside your jurisdiction."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    queryset = Enterprise.objects.none()

    def get_queryset(self):
        return Enterprise.objects.visible_to(self.request.user).select_related("region", "industry")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    def perform_create(self, serializer):
        serializer.instance = services.enterprise_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(
            actor=self.request.user, enterprise=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.enterprise_delete(actor=self.request.user, enterprise=instance)
