from django.contrib import admin

from zhiliang.core.admin_base import ScopedHistoryAdmin
from zhiliang.penalties import services
from zhiliang.penalties.models import AbnormalListing, Penalty


@admin.register(Penalty)
class PenaltyAdmin(ScopedHistoryAdmin):
    list_display = ["decision_number", "enterprise", "kind", "decided_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["decision_number", "enterprise__name", "enterprise__uscc"]
    raw_id_fields = ["enterprise", "enforcing_body"]
    list_select_related = ["enterprise", "enforcing_body"]
    # The status changes through penalty_overturn; the window is derived by the service.
    readonly_fields = [
        "status", "status_changed_on", "status_reason", "publish_by", "public_from",
        "public_until",
    ]  # fmt: skip
    filled_on_save = readonly_fields

    create_service = staticmethod(services.penalty_create)
    update_service = staticmethod(services.penalty_update)
    service_arg = "penalty"
    validator = staticmethod(services.penalty_validate)

    def has_delete_permission(self, request, obj=None):
        return False  # a record entered in error is deleted through the API's service


@admin.register(AbnormalListing)
class AbnormalListingAdmin(ScopedHistoryAdmin):
    list_display = ["enterprise", "reason", "listed_on", "removed_on"]
    list_filter = ["reason"]
    search_fields = ["enterprise__name", "enterprise__uscc", "decision_number"]
    raw_id_fields = ["enterprise", "deciding_body"]
    list_select_related = ["enterprise", "deciding_body"]

    create_service = staticmethod(services.listing_create)
    update_service = staticmethod(services.listing_update)
    service_arg = "listing"
    validator = staticmethod(services.listing_validate)

    def has_delete_permission(self, request, obj=None):
        return False
