from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedEditViewSet, ScopedViewSet
from zhiliang.recognition import services
from zhiliang.recognition.api.serializers import (
    ApplicationSerializer,
    ExpertSerializer,
    HolderSerializer,
    RoundSerializer,
)
from zhiliang.recognition.filtersets import (
    ApplicationFilterSet,
    ExpertFilterSet,
    HolderFilterSet,
    RoundFilterSet,
)
from zhiliang.recognition.models import Application, Expert, Holder, Round


class ExpertViewSet(ScopedEditViewSet):
    """Evaluation experts (评审专家) of your jurisdiction's pools."""

    model = Expert
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
    select_related = ("region", "employer")
    create_service = services.expert_create
    update_service = services.expert_update


class RoundViewSet(ScopedCreateViewSet):
    """Evaluation rounds (评审) of a scheme: yours and those of the regions above."""

    model = Round
    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    select_related = ("region",)
    create_service = services.round_create


class ApplicationViewSet(ScopedCreateViewSet):
    """Applications to the rounds; one from an ineligible enterprise is refused (400) with
    the reason of each failed rule."""

    model = Application
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    select_related = ("round", "enterprise")
    create_service = services.application_submit


class HolderViewSet(ScopedViewSet):
    """The registry of holders: brand products, award holders and nominations, quality-credit
    grades, standardisation good-practice enterprises."""

    model = Holder
    serializer_class = HolderSerializer
    filterset_class = HolderFilterSet
    select_related = ("enterprise", "region")
