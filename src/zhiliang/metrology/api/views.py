from django.db.models import Prefetch

from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedModelViewSet
from zhiliang.metrology import services
from zhiliang.metrology.api.serializers import (
    CampaignSerializer,
    CheckSerializer,
    EnergyUnitSerializer,
)
from zhiliang.metrology.filtersets import CampaignFilterSet, CheckFilterSet, EnergyUnitFilterSet
from zhiliang.metrology.models import Campaign, Check, EnergyUnit, MeterConfig


class CampaignViewSet(ScopedModelViewSet):
    """Metrology supervision campaigns (计量专项监督检查) of your jurisdiction."""

    model = Campaign
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    select_related = ("region",)
    create_service = services.campaign_create
    update_service = services.campaign_update
    delete_service = services.campaign_delete


class CheckViewSet(ScopedCreateViewSet):
    """Checks of the campaigns, with the verdict computed from the campaign's rule."""

    model = Check
    serializer_class = CheckSerializer
    filterset_class = CheckFilterSet
    select_related = ("campaign", "region", "enterprise")
    create_service = services.check_create


class EnergyUnitViewSet(ScopedModelViewSet):
    """Key energy-using units (重点用能单位) and their energy-metering instruments."""

    model = EnergyUnit
    serializer_class = EnergyUnitSerializer
    filterset_class = EnergyUnitFilterSet
    select_related = ("region", "enterprise")
    create_service = services.energy_unit_create
    update_service = services.energy_unit_update
    delete_service = services.energy_unit_delete

    def get_queryset(self):
        meters = Prefetch("meters", queryset=MeterConfig.objects.order_by("level", "kind"))
        return super().get_queryset().prefetch_related(meters)
