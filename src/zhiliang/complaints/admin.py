from django.contrib import admin

from zhiliang.complaints import services
from zhiliang.complaints.models import Complaint
from zhiliang.core.admin_base import ScopedHistoryAdmin


@admin.register(Complaint)
class ComplaintAdmin(ScopedHistoryAdmin):
    list_display = ["number", "received_on", "product_name", "enterprise", "region", "status"]
    list_filter = ["status", "outcome"]
    search_fields = ["number", "product_name", "enterprise__name", "enterprise__uscc"]
    raw_id_fields = ["region", "enterprise", "product", "handling_unit"]
    list_select_related = ["enterprise", "region"]
    # The complainant is shown masked only; the deadlines are derived by the services.
    readonly_fields = [
        "complainant_name_masked", "complainant_phone_masked", "accept_due_on", "close_due_on",
    ]  # fmt: skip
    create_service = staticmethod(services.complaint_create)
    update_service = staticmethod(services.complaint_update)
    service_arg = "complaint"
    validator = staticmethod(services.complaint_validate)
