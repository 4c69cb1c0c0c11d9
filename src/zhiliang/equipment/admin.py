from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.equipment import selectors, services
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection


@admin.register(EquipmentUnit)
class EquipmentUnitAdmin(ScopedHistoryAdmin):
    list_display = ["register_code", "catalogue_code", "enterprise", "region", "status",
                    "next_due_on", "due_state"]  # fmt: skip
    list_filter = ["status", "due_state", "kind_code"]
    search_fields = ["register_code", "registration_number"]
    raw_id_fields = ["region", "enterprise"]
    list_select_related = ["region", "enterprise"]
    # Derived by the service on save; the due rule is shown as the unit page explains it.
    filled_on_save = ["kind_code", "category_code", "last_inspected_on", "next_due_on",
                      "due_rule", "due_reason", "due_state"]  # fmt: skip
    readonly_fields = ["kind_code", "category_code", "last_inspected_on", "next_due_on",
                       "due_explained", "due_state"]  # fmt: skip
    exclude = ["due_rule", "due_reason"]

    # The stored due date follows every change, as through the API.
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    service_arg = "unit"
    validator = staticmethod(services.unit_validate)

    @admin.display(description=_("due rule"))
    def due_explained(self, obj):
        return selectors.unit_due_text(unit=obj) if obj.pk else "—"


@admin.register(PeriodicInspection)
class PeriodicInspectionAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Read-only here: recording an inspection moves the due date, so it goes through the
    service (the API or the import)."""

    list_display = ["unit", "inspected_on", "inspection_body", "conclusion", "report_number"]
    list_filter = ["conclusion"]
    search_fields = ["unit__register_code", "report_number"]
    list_select_related = ["unit"]


@admin.register(Operator)
class OperatorAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Read-only here: ID numbers are encrypted by the service (API, import)."""

    list_display = ["name", "id_number_masked", "certificate_number", "employer", "valid_until"]
    search_fields = ["name", "certificate_number"]
    list_select_related = ["employer"]
    exclude = ["id_number_encrypted", "id_number_hash"]
