from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning


# Every write has rules across records (the matrix, the jurisdiction of a card, the plan it
# makes): the admin reads and keeps the history; the pages and the API write.
@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["created_at", "product", "region", "severity", "level", "decision"]
    list_filter = ["level", "decision"]
    list_select_related = ["product", "region"]


@admin.register(RiskWarning)
class RiskWarningAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["created_at", "kind", "title", "region", "status", "published_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "text"]
    list_select_related = ["region"]


@admin.register(Card)
class CardAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["issued_on", "colour", "region", "product", "deadline", "status"]
    list_filter = ["colour", "status"]
    list_select_related = ["region", "product"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["created_at", "kind", "region", "card", "warning"]
    list_filter = ["kind"]
    list_select_related = ["region", "card", "warning"]
