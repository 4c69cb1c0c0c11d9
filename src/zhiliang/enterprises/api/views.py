from zhiliang.core.api.pagination import CheapCountPagination
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
    # A city's registry: an exact count of 560,000 rows cost half of every page.
    pagination_class = CheapCountPagination
    select_related = ("region", "industry")
    create_service = services.enterprise_create
    update_service = services.enterprise_update
    delete_service = services.enterprise_delete
