from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedViewSet
from zhiliang.earlywarning import selectors, services
from zhiliang.earlywarning.api.serializers import (
    ActionSerializer,
    CardSerializer,
    RiskAssessmentSerializer,
    RiskWarningSerializer,
)
from zhiliang.earlywarning.filtersets import (
    ActionFilterSet,
    AssessmentFilterSet,
    CardFilterSet,
    WarningFilterSet,
)
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning


class RiskAssessmentViewSet(ScopedCreateViewSet):
    """Risk assessments (风险评估) of signals and risk information in your jurisdiction:
    severity × the product of the probability steps → the level of the risk matrix."""

    model = RiskAssessment
    serializer_class = RiskAssessmentSerializer
    filterset_class = AssessmentFilterSet
    select_related = selectors.ASSESSMENT_RELATED
    prefetch_related = ("enterprises",)
    create_service = services.assessment_start


class RiskWarningViewSet(ScopedCreateViewSet):
    """Warnings: internal alerts, consumer risk warnings (风险警示) and risk notices
    (风险告知书), created as drafts; those of the regions above yours are listed too."""

    model = RiskWarning
    serializer_class = RiskWarningSerializer
    filterset_class = WarningFilterSet
    select_related = selectors.WARNING_RELATED
    prefetch_related = ("enterprises",)
    create_service = services.warning_create


class CardViewSet(ScopedCreateViewSet):
    """Yellow and red cards (红(黄)牌警示): issued by a city or province office to a region
    inside its jurisdiction, with the 专项整治 plan; a district lists the cards it received."""

    model = Card
    serializer_class = CardSerializer
    filterset_class = CardFilterSet
    select_related = selectors.CARD_RELATED
    create_service = services.card_issue


class ActionViewSet(ScopedViewSet):
    """Actions taken from warnings and cards, read-only (take them on the card's page)."""

    model = Action
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    select_related = selectors.ACTION_RELATED
