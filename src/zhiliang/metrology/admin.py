from django.contrib import admin

from zhiliang.core.admin_base import ScopedHistoryAdmin
from zhiliang.metrology import services
from zhiliang.metrology.models import Campaign, EnergyUnit


@admin.register(Campaign)
class CampaignAdmin(ScopedHistoryAdmin):
    list_display = ["code", "name", "subject", "region", "starts_on", "ends_on"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    create_service = staticmethod(services.campaign_create)
    update_service = staticmethod(services.campaign_update)
    service_arg = "campaign"
    validator = staticmethod(services.campaign_validate)


@admin.register(EnergyUnit)
class EnergyUnitAdmin(ScopedHistoryAdmin):
    list_display = ["name", "region", "annual_tce", "year"]
    search_fields = ["name", "enterprise__uscc"]
    raw_id_fields = ["region", "enterprise"]
    list_select_related = ["region"]
    create_service = staticmethod(services.energy_unit_create)
    update_service = staticmethod(services.energy_unit_update)
    service_arg = "energyunit"
    validator = staticmethod(services.energy_unit_validate)
