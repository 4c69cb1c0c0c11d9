from django.contrib import admin

from zhiliang.core.admin_base import ScopedHistoryAdmin
from zhiliang.satisfaction import services
from zhiliang.satisfaction.models import Survey


@admin.register(Survey)
class SurveyAdmin(ScopedHistoryAdmin):
    list_display = ["code", "year", "title", "region"]
    search_fields = ["code", "title"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    create_service = staticmethod(services.survey_create)
    update_service = staticmethod(services.survey_update)
    service_arg = "survey"
    validator = staticmethod(services.survey_validate)
