from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.risk import services
from zhiliang.risk.models import RiskInformation, Signal


@admin.register(RiskInformation)
class RiskInformationAdmin(ScopedHistoryAdmin):
    list_display = ["occurred_on", "source_kind", "reference", "product", "hazard", "region"]
    list_filter = ["source_kind"]
    search_fields = ["reference", "text", "enterprise__name"]
    raw_id_fields = ["region", "enterprise", "product"]
    list_select_related = ["product", "region"]
    create_service = staticmethod(services.risk_information_create)
    update_service = staticmethod(services.risk_information_update)
    service_arg = "item"
    validator = staticmethod(services.risk_information_validate)


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Computed by the daily job: read-only here."""

    list_display = ["opened_on", "product", "region", "method", "status", "statistic", "limit"]
    list_filter = ["method", "status"]
    list_select_related = ["product", "region"]
