from django.contrib import admin

from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedHistoryAdmin
from zhiliang.infrastructure import services
from zhiliang.infrastructure.models import Appointment, Comment, Laboratory, Notice, Training


@admin.register(Laboratory)
class LaboratoryAdmin(ScopedHistoryAdmin):
    list_display = ["organization", "level", "cma_number", "cma_valid_until", "cnas_number"]
    search_fields = ["organization__name", "cma_number", "cnas_number"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
    create_service = staticmethod(services.laboratory_create)
    update_service = staticmethod(services.laboratory_update)
    service_arg = "laboratory"
    validator = staticmethod(services.laboratory_validate)


@admin.register(Notice)
class NoticeAdmin(ScopedHistoryAdmin):
    list_display = ["number", "member", "title", "notified_on", "comment_deadline", "region"]
    search_fields = ["number", "title", "products"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    create_service = staticmethod(services.notice_create)
    update_service = staticmethod(services.notice_update)
    service_arg = "notice"
    validator = staticmethod(services.notice_validate)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Comments are recorded on the notification's page (the deadline is checked there)."""

    list_display = ["notice", "enterprise", "department", "commented_on"]
    list_select_related = ["notice", "enterprise", "department"]


@admin.register(Appointment)
class AppointmentAdmin(ScopedHistoryAdmin):
    list_display = ["enterprise", "__str__", "appointed_on", "ended_on"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    raw_id_fields = ["enterprise"]
    list_select_related = ["enterprise"]
    create_service = staticmethod(services.appointment_create)
    update_service = staticmethod(services.appointment_update)
    service_arg = "appointment"
    validator = staticmethod(services.appointment_validate)


@admin.register(Training)
class TrainingAdmin(ScopedHistoryAdmin):
    list_display = ["enterprise", "course", "trained_on", "hours", "certificate_number"]
    search_fields = ["enterprise__name", "course", "certificate_number"]
    raw_id_fields = ["appointment"]
    list_select_related = ["enterprise"]
    create_service = staticmethod(services.training_create)
    service_arg = "training"
    validator = staticmethod(services.training_validate)
