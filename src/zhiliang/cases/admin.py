from django.contrib import admin

from zhiliang.cases.models import (
    Case,
    Deadline,
    ForeignMatch,
    ForeignRecall,
    Interview,
    Recall,
    RecallReport,
)
from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin


# Cases move through their stages and clocks only by the services (the pages and the API):
# the admin site shows them, with their history, and changes nothing.
@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["number", "kind", "title", "stage", "office", "opened_at", "closed_at"]
    list_filter = ["kind", "stage", "grade"]
    search_fields = ["number", "title", "enterprise__name"]
    list_select_related = ["office"]
    raw_id_fields = ["enterprise", "equipment_unit", "operator", "penalty"]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["case", "kind", "due", "met_at", "extended", "escalated_at"]
    list_filter = ["case_kind", "kind", "extended"]
    search_fields = ["case__number"]
    list_select_related = ["case"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["case", "held_on", "follow_up_on", "checked_on"]
    search_fields = ["case__number"]
    # Attendees are personal data, shown on the case page to those with the right only.
    exclude = ["attendees"]
    list_select_related = ["case"]


@admin.register(Recall)
class RecallAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["case", "hazard", "method", "units_affected", "units_corrected"]
    list_filter = ["hazard", "method", "origin"]
    search_fields = ["case__number", "case__enterprise__name"]
    list_select_related = ["case"]


@admin.register(RecallReport)
class RecallReportAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["recall", "reported_on", "units_corrected"]
    search_fields = ["recall__case__number"]
    list_select_related = ["recall__case"]


@admin.register(ForeignRecall)
class ForeignRecallAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["reference", "source", "notified_on", "manufacturer", "brand", "country"]
    list_filter = ["source", "hazard"]
    search_fields = ["reference", "manufacturer", "brand", "product_description"]


@admin.register(ForeignMatch)
class ForeignMatchAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["foreign_recall", "enterprise", "basis", "status", "decided_at"]
    list_filter = ["status", "basis"]
    search_fields = ["foreign_recall__reference", "enterprise__name"]
    list_select_related = ["foreign_recall", "enterprise"]
