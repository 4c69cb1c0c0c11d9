from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin
from zhiliang.credit.models import ClassChange, CreditClass, CreditRecord


class _ReadOnly(ReadOnlyAdminMixin, ScopedAdmin):
    """Derived by the classification; the office's override goes through the class page."""


@admin.register(CreditRecord)
class CreditRecordAdmin(_ReadOnly):
    list_display = ["enterprise", "kind", "occurred_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    list_select_related = ["enterprise"]


@admin.register(CreditClass)
class CreditClassAdmin(_ReadOnly):
    list_display = ["enterprise", "effective_class", "computed_class", "score", "override_until"]
    list_filter = ["effective_class", "is_default"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    list_select_related = ["enterprise"]


@admin.register(ClassChange)
class ClassChangeAdmin(_ReadOnly):
    list_display = ["enterprise", "from_class", "to_class", "by_override", "changed_at"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    list_select_related = ["enterprise"]
