from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.recognition import services
from zhiliang.recognition.models import Application, Expert, Holder, Round


@admin.register(Expert)
class ExpertAdmin(ScopedHistoryAdmin):
    list_display = ["name", "speciality", "organisation", "region", "active"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["region", "employer", "user"]
    filter_horizontal = []
    exclude = ["related"]
    list_select_related = ["region"]
    create_service = staticmethod(services.expert_create)
    update_service = staticmethod(services.expert_update)
    service_arg = "expert"
    validator = staticmethod(services.expert_validate)


@admin.register(Round)
class RoundAdmin(ScopedHistoryAdmin):
    list_display = ["title", "scheme", "year", "level", "region", "status"]
    search_fields = ["title"]
    raw_id_fields = ["region"]
    readonly_fields = ["status"]
    list_select_related = ["region"]
    create_service = staticmethod(services.round_create)
    update_service = staticmethod(services.round_update)
    service_arg = "round"
    validator = staticmethod(services.round_validate)


# The engine's records (applications, holders) change through its steps (services), not by
# hand here.
@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["enterprise", "product", "round", "status", "total"]
    search_fields = ["enterprise__name", "enterprise__uscc", "product"]
    list_select_related = ["enterprise", "round"]


@admin.register(Holder)
class HolderAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["enterprise", "product", "kind", "level", "year", "valid_until", "status"]
    search_fields = ["enterprise__name", "enterprise__uscc", "product"]
    list_select_related = ["enterprise"]
