from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.monitoring import services
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem


@admin.register(Plan)
class PlanAdmin(ScopedHistoryAdmin):
    list_display = ["name", "year", "region"]
    list_filter = ["year"]
    search_fields = ["name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    create_service = staticmethod(services.plan_create)
    update_service = staticmethod(services.plan_update)
    service_arg = "plan"
    validator = staticmethod(services.plan_validate)


@admin.register(TestItem)
class TestItemAdmin(ScopedHistoryAdmin):
    list_display = ["name", "plan", "product", "hazard", "limit_min", "limit_max", "standard"]
    search_fields = ["name", "standard"]
    raw_id_fields = ["plan", "product"]
    list_select_related = ["plan", "product"]
    create_service = staticmethod(services.item_create)
    update_service = staticmethod(services.item_update)
    service_arg = "item"
    validator = staticmethod(services.item_validate)


@admin.register(Purchase)
class PurchaseAdmin(ScopedHistoryAdmin):
    list_display = ["number", "sample_name", "brand", "region", "bought_on", "verdict"]
    list_filter = ["channel", "verdict"]
    search_fields = ["number", "sample_name", "brand", "shop"]
    raw_id_fields = ["plan", "product", "region", "enterprise"]
    list_select_related = ["region"]
    readonly_fields = ["verdict"]
    create_service = staticmethod(services.purchase_create)
    update_service = staticmethod(services.purchase_update)
    service_arg = "purchase"
    validator = staticmethod(services.purchase_validate)


@admin.register(Result)
class ResultAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Read results; they are recorded on the pages, the API or the importer (a verdict
    and the purchase's judgement follow each one)."""

    list_display = ["purchase", "item", "value", "verdict", "tested_on"]
    list_filter = ["verdict"]
    search_fields = ["purchase__number", "item__name"]
    list_select_related = ["purchase", "item"]
    readonly_fields = ["purchase", "item", "value", "tested_on", "verdict", "region"]
