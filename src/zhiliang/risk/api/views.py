from zhiliang.core.api.viewsets import ScopedModelViewSet, ScopedViewSet
from zhiliang.risk import selectors, services
from zhiliang.risk.api.serializers import RiskInformationSerializer, SignalSerializer
from zhiliang.risk.filtersets import RiskInformationFilterSet, SignalFilterSet
from zhiliang.risk.models import RiskInformation, Signal


class RiskInformationViewSet(ScopedModelViewSet):
    """Risk information (风险信息) in your jurisdiction; failed samples are fed in by the
    daily job and cannot be entered here."""

    model = RiskInformation
    serializer_class = RiskInformationSerializer
    filterset_class = RiskInformationFilterSet
    select_related = selectors.RELATED
    create_service = services.risk_information_create
    update_service = services.risk_information_update
    delete_service = services.risk_information_delete
    instance_name = "item"


class SignalViewSet(ScopedViewSet):
    """Signals (风险信号) of the product × region cells in your jurisdiction, read-only:
    computed by the daily job."""

    model = Signal
    serializer_class = SignalSerializer
    filterset_class = SignalFilterSet
    select_related = selectors.SIGNAL_RELATED
