from django.contrib import admin

from zhiliang.core.admin_base import ScopedHistoryAdmin
from zhiliang.standards import services
from zhiliang.standards.models import Adoption, Drafting, EnterpriseStandard, Pilot, Standard


@admin.register(Standard)
class StandardAdmin(ScopedHistoryAdmin):
    """Local, alliance and enterprise standards of the jurisdiction; the region-less ones
    (national, industry, group) are read here and kept on the pages and the API."""

    list_display = ["number", "title", "level", "region", "implemented_on", "review_due_on"]
    search_fields = ["number", "title"]
    raw_id_fields = ["region", "enterprise", "replaced_by"]
    list_select_related = ["region"]
    create_service = staticmethod(services.standard_create)
    update_service = staticmethod(services.standard_update)
    service_arg = "standard"
    validator = staticmethod(services.standard_validate)


@admin.register(EnterpriseStandard)
class EnterpriseStandardAdmin(ScopedHistoryAdmin):
    list_display = ["enterprise", "product", "standard", "declared_on", "complete"]
    search_fields = ["enterprise__name", "enterprise__uscc", "standard__number"]
    raw_id_fields = ["enterprise", "product", "standard"]
    list_select_related = ["enterprise", "product", "standard"]
    create_service = staticmethod(services.enterprise_standard_create)
    update_service = staticmethod(services.enterprise_standard_update)
    service_arg = "enterprisestandard"
    validator = staticmethod(services.enterprise_standard_validate)


@admin.register(Adoption)
class AdoptionAdmin(ScopedHistoryAdmin):
    list_display = ["foreign_number", "degree", "standard", "enterprise", "product", "adopted_on"]
    search_fields = ["foreign_number", "standard__number"]
    raw_id_fields = ["standard", "enterprise", "product"]
    list_select_related = ["standard", "enterprise", "product"]
    create_service = staticmethod(services.adoption_create)
    update_service = staticmethod(services.adoption_update)
    service_arg = "adoption"
    validator = staticmethod(services.adoption_validate)


@admin.register(Drafting)
class DraftingAdmin(ScopedHistoryAdmin):
    list_display = ["standard", "enterprise", "organization_name", "role", "kind", "region"]
    search_fields = ["standard__number", "enterprise__name", "organization_name"]
    raw_id_fields = ["standard", "enterprise", "region"]
    list_select_related = ["standard", "enterprise", "region"]
    create_service = staticmethod(services.drafting_create)
    update_service = staticmethod(services.drafting_update)
    service_arg = "drafting"
    validator = staticmethod(services.drafting_validate)


@admin.register(Pilot)
class PilotAdmin(ScopedHistoryAdmin):
    list_display = ["name", "level", "kind", "region", "starts_on", "ends_on", "status"]
    search_fields = ["name", "undertaker"]
    raw_id_fields = ["region", "enterprise"]
    list_select_related = ["region"]
    create_service = staticmethod(services.pilot_create)
    update_service = staticmethod(services.pilot_update)
    service_arg = "pilot"
    validator = staticmethod(services.pilot_validate)
