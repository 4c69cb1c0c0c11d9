from django.contrib import admin

from zhiliang.core.admin_base import ScopedHistoryAdmin
from zhiliang.injuries import services
from zhiliang.injuries.models import InjuryCase, SentinelHospital


@admin.register(SentinelHospital)
class SentinelHospitalAdmin(ScopedHistoryAdmin):
    list_display = ["code", "name", "region", "stratum", "weight", "joined_on", "left_on"]
    list_filter = ["stratum"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    create_service = staticmethod(services.hospital_create)
    update_service = staticmethod(services.hospital_update)
    service_arg = "hospital"
    validator = staticmethod(services.hospital_validate)


@admin.register(InjuryCase)
class InjuryCaseAdmin(ScopedHistoryAdmin):
    """Read and correct cases; products are given on the pages, the API or the importer."""

    list_display = ["case_number", "hospital", "treated_on", "age", "sex", "product_codes"]
    list_filter = ["sex", "disposition"]
    search_fields = ["case_number", "hospital__name", "product_codes"]
    raw_id_fields = ["hospital"]
    list_select_related = ["hospital"]
    exclude = ["region", "narrative"]
    readonly_fields = ["product_codes"]
    update_service = staticmethod(services.case_update)
    service_arg = "case"
    validator = staticmethod(services.case_validate)

    def has_add_permission(self, request):
        return False
