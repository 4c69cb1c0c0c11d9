from django.db.models import Prefetch

from zhiliang.core.api.viewsets import ScopedModelViewSet
from zhiliang.standards import services
from zhiliang.standards.api.serializers import (
    AdoptionSerializer,
    DraftingSerializer,
    EnterpriseStandardSerializer,
    PilotSerializer,
    StandardSerializer,
)
from zhiliang.standards.filtersets import (
    AdoptionFilterSet,
    DraftingFilterSet,
    EnterpriseStandardFilterSet,
    PilotFilterSet,
    StandardFilterSet,
)
from zhiliang.standards.models import (
    Adoption,
    Drafting,
    EnterpriseStandard,
    Pilot,
    Review,
    Standard,
)


class StandardViewSet(ScopedModelViewSet):
    """Standards (标准) of every level: national, industry and group standards for all, local
    and enterprise standards of your jurisdiction; with their review cycles (复审)."""

    model = Standard
    serializer_class = StandardSerializer
    filterset_class = StandardFilterSet
    select_related = ("region", "enterprise", "replaced_by")
    prefetch_related = (Prefetch("reviews", queryset=Review.objects.order_by("due_on")),)
    create_service = services.standard_create
    update_service = services.standard_update
    delete_service = services.standard_delete


class EnterpriseStandardViewSet(ScopedModelViewSet):
    """The standards enterprises apply to their products (企业执行标准), with the
    self-declaration's completeness."""

    model = EnterpriseStandard
    serializer_class = EnterpriseStandardSerializer
    filterset_class = EnterpriseStandardFilterSet
    select_related = ("enterprise", "product", "standard", "region")
    create_service = services.enterprise_standard_create
    update_service = services.enterprise_standard_update
    delete_service = services.enterprise_standard_delete


class AdoptionViewSet(ScopedModelViewSet):
    """Adoptions of international and advanced foreign standards (采标)."""

    model = Adoption
    serializer_class = AdoptionSerializer
    filterset_class = AdoptionFilterSet
    select_related = ("standard", "enterprise", "product")
    create_service = services.adoption_create
    update_service = services.adoption_update
    delete_service = services.adoption_delete


class DraftingViewSet(ScopedModelViewSet):
    """Standards the region's enterprises and organisations drafted or revised (制修订)."""

    model = Drafting
    serializer_class = DraftingSerializer
    filterset_class = DraftingFilterSet
    select_related = ("standard", "enterprise", "region")
    create_service = services.drafting_create
    update_service = services.drafting_update
    delete_service = services.drafting_delete


class PilotViewSet(ScopedModelViewSet):
    """Standardisation pilots and demonstration zones (标准化试点示范)."""

    model = Pilot
    serializer_class = PilotSerializer
    filterset_class = PilotFilterSet
    select_related = ("region", "enterprise")
    create_service = services.pilot_create
    update_service = services.pilot_update
    delete_service = services.pilot_delete
