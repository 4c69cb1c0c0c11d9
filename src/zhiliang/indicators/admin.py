from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin, ScopedHistoryAdmin
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """The catalogue is loaded from the apps' indicators.yaml; the admin may switch an
    indicator off, the YAML files stay the source of the definitions."""

    list_display = ["code", "name", "unit", "kind", "app", "active"]
    list_filter = ["kind", "app", "active"]
    search_fields = ["code", "name", "name_en"]
    readonly_fields = [
        "code",
        "name",
        "name_en",
        "unit",
        "direction",
        "kind",
        "formula",
        "source",
        "app",
        "definition",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["indicator", "region", "period", "numerator", "denominator", "value", "source"]
    list_filter = ["source", "period_kind"]
    search_fields = ["indicator__code", "period", "region__code"]
    list_select_related = ["indicator", "region"]


@admin.register(ReportedValue)
class ReportedValueAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Entered through the reported-value form (its checks and the IndicatorValue it
    writes live in the service), shown here read-only."""

    list_display = ["indicator", "region", "period", "value", "organization", "reported_at"]
    search_fields = ["indicator__code", "period", "region__code"]
    list_select_related = ["indicator", "region", "organization"]


@admin.register(ComputeRun)
class ComputeRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "status",
        "trigger",
        "steps_done",
        "steps_total",
        "values_written",
    ]
    list_filter = ["status", "trigger"]
