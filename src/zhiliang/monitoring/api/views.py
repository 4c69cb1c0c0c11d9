from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedEditViewSet
from zhiliang.monitoring import services
from zhiliang.monitoring.api.serializers import (
    MonitoringPlanSerializer,
    MonitoringPurchaseSerializer,
    MonitoringResultSerializer,
    MonitoringTestItemSerializer,
)
from zhiliang.monitoring.filtersets import (
    PlanFilterSet,
    PurchaseFilterSet,
    ResultFilterSet,
    TestItemFilterSet,
)
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem
from zhiliang.monitoring.selectors import PURCHASE_RELATED


class MonitoringPlanViewSet(ScopedEditViewSet):
    """Risk monitoring plans (风险监测计划) of your jurisdiction and the regions above it."""

    model = Plan
    serializer_class = MonitoringPlanSerializer
    filterset_class = PlanFilterSet
    select_related = ("region",)
    create_service = services.plan_create
    update_service = services.plan_update
    instance_name = "plan"


class MonitoringTestItemViewSet(ScopedEditViewSet):
    """The test items of the plans: product, hazard, what is measured, limits, standard."""

    model = TestItem
    serializer_class = MonitoringTestItemSerializer
    filterset_class = TestItemFilterSet
    select_related = ("plan", "product")
    create_service = services.item_create
    update_service = services.item_update
    instance_name = "item"


class MonitoringPurchaseViewSet(ScopedEditViewSet):
    """Samples bought on the market for risk monitoring, in your jurisdiction."""

    model = Purchase
    serializer_class = MonitoringPurchaseSerializer
    filterset_class = PurchaseFilterSet
    select_related = PURCHASE_RELATED
    create_service = services.purchase_create
    update_service = services.purchase_update
    instance_name = "purchase"


class MonitoringResultViewSet(ScopedCreateViewSet):
    """Measured values of the purchases, each judged against its test item's limits."""

    model = Result
    serializer_class = MonitoringResultSerializer
    filterset_class = ResultFilterSet
    select_related = ("purchase", "item")
    create_service = services.result_create
