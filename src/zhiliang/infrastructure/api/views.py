from django.db.models import Count

from zhiliang.core.api.viewsets import (
    ScopedCreateViewSet,
    ScopedEditViewSet,
    ScopedModelViewSet,
)
from zhiliang.infrastructure import services
from zhiliang.infrastructure.api.serializers import (
    CqoAppointmentSerializer,
    CqoTrainingSerializer,
    LaboratorySerializer,
    TbtCommentSerializer,
    TbtNoticeSerializer,
)
from zhiliang.infrastructure.filtersets import (
    AppointmentFilterSet,
    CommentFilterSet,
    LaboratoryFilterSet,
    NoticeFilterSet,
    TrainingFilterSet,
)
from zhiliang.infrastructure.models import Appointment, Comment, Laboratory, Notice, Training


class LaboratoryViewSet(ScopedModelViewSet):
    """Testing and inspection bodies (检验检测机构): CMA qualification, CNAS accreditation,
    level and the parameters qualified. Samples name their laboratory from here."""

    model = Laboratory
    serializer_class = LaboratorySerializer
    filterset_class = LaboratoryFilterSet
    select_related = ("organization", "region")
    create_service = services.laboratory_create
    update_service = services.laboratory_update
    delete_service = services.laboratory_delete


class NoticeViewSet(ScopedModelViewSet):
    """WTO TBT notifications followed by the office, with the enterprises matched."""

    model = Notice
    serializer_class = TbtNoticeSerializer
    filterset_class = NoticeFilterSet
    select_related = ("region",)
    create_service = services.notice_create
    update_service = services.notice_update
    delete_service = services.notice_delete

    def get_queryset(self):
        qs = super().get_queryset().annotate(matched=Count("matches__enterprise", distinct=True))
        return qs.order_by("-notified_on", "number", "pk")  # a grouped query drops Meta.ordering


class CommentViewSet(ScopedCreateViewSet):
    """Comments on TBT notifications, recorded before the deadline."""

    model = Comment
    serializer_class = TbtCommentSerializer
    filterset_class = CommentFilterSet
    select_related = ("enterprise", "department")
    create_service = services.comment_record


class AppointmentViewSet(ScopedEditViewSet):
    """Chief quality officers (首席质量官) of the enterprises, appointment by appointment."""

    model = Appointment
    serializer_class = CqoAppointmentSerializer
    filterset_class = AppointmentFilterSet
    select_related = ("enterprise",)
    create_service = services.appointment_create
    update_service = services.appointment_update


class TrainingViewSet(ScopedCreateViewSet):
    """Training records of chief quality officers."""

    model = Training
    serializer_class = CqoTrainingSerializer
    filterset_class = TrainingFilterSet
    select_related = ("enterprise",)
    create_service = services.training_create
