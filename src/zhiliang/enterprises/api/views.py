from zhiliang.core.api.viewsets import ScopedModelViewSet
from zhiliang.enterprises import services
from zhiliang.enterprises.api.serializers import EnterpriseSerializer
from zhiliang.enterprises.filtersets import EnterpriseFilterSet
from zhiliang.enterprises.models import Enterprise


class EnterpriseViewSet(ScopedModelViewSet):
    """The enterprise registry inside your jurisdiction."""

    model = Enterprise
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    select_related = ("region", "industry")
    create_service = services.enterprise_create
    update_service = services.enterprise_update
    delete_service = services.enterprise_delete
