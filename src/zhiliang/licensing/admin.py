from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin, ScopedHistoryAdmin
from zhiliang.licensing import services
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
    Verification,
)


@admin.register(CertificateKind)
class CertificateKindAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Loaded from licensing/data/certificate_kinds.yaml: corrected there, not here."""

    list_display = ["code", "name", "validity_years", "renewal_window_days"]


@admin.register(InstrumentCategory)
class InstrumentCategoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Loaded from licensing/data/instrument_catalogue.yaml: corrected there, not here."""

    list_display = ["code", "name", "parent", "mode", "period_months", "mark"]
    list_filter = ["mode"]
    search_fields = ["code", "name"]


@admin.register(Certificate)
class CertificateAdmin(ScopedHistoryAdmin):
    list_display = ["number", "kind", "holder", "issued_on", "expires_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "holder__name", "holder__uscc"]
    raw_id_fields = ["holder", "products"]
    list_select_related = ["kind", "holder"]
    # Status and the derived end date change through the services (API), which keep them
    # consistent.
    readonly_fields = ["status", "status_changed_on", "ended_on"]
    filled_on_save = readonly_fields  # derived by the service on save

    create_service = staticmethod(services.certificate_create)
    update_service = staticmethod(services.certificate_update)
    service_arg = "certificate"
    validator = staticmethod(services.certificate_validate)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(ScopedHistoryAdmin):
    list_display = ["serial", "category", "owner", "last_verified_on", "next_due_on", "status"]
    list_filter = ["status", "mode"]
    search_fields = ["serial", "owner__name", "owner__uscc"]
    raw_id_fields = ["owner", "category"]
    list_select_related = ["category", "owner"]
    readonly_fields = ["last_verified_on", "last_result", "next_due_on", "retired_on"]
    filled_on_save = readonly_fields  # derived by the service on save

    create_service = staticmethod(services.instrument_create)
    update_service = staticmethod(services.instrument_update)
    service_arg = "instrument"
    validator = staticmethod(services.instrument_validate)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["instrument", "verified_on", "result", "next_due_on"]
    list_filter = ["result"]
    list_select_related = ["instrument", "instrument__category"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("licensing.view_instrument")
