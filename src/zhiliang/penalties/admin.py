from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.penalties import serious_services, services
from zhiliang.penalties.models import AbnormalListing, Penalty, PenaltyRepair, SeriousViolation


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
        "public_until", "repaired_on",
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


@admin.register(SeriousViolation)
class SeriousViolationAdmin(ScopedHistoryAdmin):
    """Proposals are entered and corrected here; every later step is taken on the
    listing's page or through the API (one service per step)."""

    list_display = ["enterprise", "category", "status", "proposed_on", "listed_on", "ends_on"]
    list_filter = ["status", "category"]
    search_fields = ["enterprise__name", "enterprise__uscc", "decision_number"]
    raw_id_fields = ["enterprise", "deciding_body", "penalty"]
    list_select_related = ["enterprise", "deciding_body"]
    readonly_fields = [
        "status", "notified_on", "objection_until", "objection", "dropped_on", "listed_on",
        "decision_number", "published_on", "ends_on", "removal_applied_on",
        "removal_conditions", "removal_statement", "removed_on", "removal_reason",
    ]  # fmt: skip
    filled_on_save = readonly_fields

    create_service = staticmethod(serious_services.serious_propose)
    update_service = staticmethod(serious_services.serious_update)
    service_arg = "listing"
    validator = staticmethod(serious_services.serious_validate)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PenaltyRepair)
class PenaltyRepairAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Read only: applications are recorded and decided on the penalty's page."""

    list_display = ["penalty", "applied_on", "status", "decided_on"]
    list_filter = ["status"]
    search_fields = ["penalty__decision_number", "penalty__enterprise__name"]
    list_select_related = ["penalty"]
