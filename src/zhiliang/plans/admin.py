"""Back office: plans, progress reports and 督办 notices, shown read-only. They change through
the services (the review page, reports, notices), which keep their rules and their history."""

from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.plans.models import (
    Evidence,
    Phase,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
)


class PhaseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Phase
    fields = ["order", "name", "starts_on", "ends_on"]
    readonly_fields = fields
    extra = 0


class TargetInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Target
    fields = ["order", "indicator_text", "comparator", "value", "unit", "deadline"]
    readonly_fields = fields
    extra = 0


class TaskInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Task
    fields = ["order", "title", "due_on"]
    readonly_fields = fields
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["title", "doc_number", "region", "period_start", "period_end", "created_at"]
    search_fields = ["title", "doc_number", "issuer"]
    list_select_related = ["region"]
    # The source text is long and shown on the plan's own page.
    exclude = ["source_text"]
    inlines = [PhaseInline, TargetInline, TaskInline]


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    fields = ["original_name", "kind", "size", "sha256"]
    readonly_fields = fields
    extra = 0

    # Files are part of their report: the report's right governs them.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("plans.view_progressreport")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["plan", "task", "target", "organization", "status", "reported_on"]
    list_filter = ["status"]
    search_fields = ["plan__title", "task__title", "target__indicator_text", "narrative"]
    list_select_related = ["plan", "task", "target", "organization"]
    raw_id_fields = ["plan", "task", "target"]
    inlines = [EvidenceInline]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["task", "to_organization", "status", "drafted_at", "respond_by"]
    list_filter = ["status"]
    search_fields = ["task__title", "reason", "response"]
    list_select_related = ["task", "to_organization"]
    raw_id_fields = ["plan", "task"]
