"""Back office: the inspector register is edited here; plans, draws, samples and follow-ups
are shown read-only (they change through the services, which keep their rules)."""

from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.inspections import services
from zhiliang.inspections.models import (
    Draw,
    FollowUp,
    Inspector,
    InspectorConflict,
    PlanQuota,
    Sample,
    SamplingPlan,
)


class ConflictInline(admin.TabularInline):
    model = InspectorConflict
    extra = 0
    raw_id_fields = ["enterprise", "organization"]


@admin.register(Inspector)
class InspectorAdmin(ScopedHistoryAdmin):
    list_display = ["name", "organization", "qualifications", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
    exclude = ["phone"]  # personal data: edited on the inspector page, shown masked
    inlines = [ConflictInline]

    # Saved as on the pages and through the API: rights, jurisdiction, rules, history.
    create_service = staticmethod(services.inspector_create)
    update_service = staticmethod(services.inspector_update)
    service_arg = "inspector"
    validator = staticmethod(services.inspector_validate)


class QuotaInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanQuota
    extra = 0


@admin.register(SamplingPlan)
class SamplingPlanAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["name", "year", "level", "region", "status"]
    list_filter = ["level", "status", "year"]
    search_fields = ["name"]
    list_select_related = ["region"]
    inlines = [QuotaInline]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["id", "plan", "seed", "created_at", "published_at"]
    list_select_related = ["plan"]
    exclude = ["pools"]


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["sample_number", "enterprise", "product", "sampled_on", "verdict"]
    list_filter = ["verdict", "place"]
    search_fields = ["sample_number"]
    list_select_related = ["enterprise", "product"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["sample", "state", "due_on", "overdue"]
    list_filter = ["state", "overdue"]
    list_select_related = ["sample"]
