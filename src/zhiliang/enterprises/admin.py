from django.contrib import admin

from zhiliang.core.admin_base import ScopedHistoryAdmin
from zhiliang.enterprises import services
from zhiliang.enterprises.models import Enterprise, Industry


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedHistoryAdmin):
    list_display = ["name", "uscc", "region", "industry", "status"]
    list_filter = ["status", "size_class"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["region", "industry"]
    list_select_related = ["region", "industry"]
    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(services.enterprise_update)
    service_arg = "enterprise"
    validator = staticmethod(services.enterprise_validate)
