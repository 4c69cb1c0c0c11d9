from rest_framework.routers import DefaultRouter

from zhiliang.monitoring.api import views

router = DefaultRouter()
router.register("monitoring-plans", views.MonitoringPlanViewSet, basename="monitoringplan")
router.register("monitoring-items", views.MonitoringTestItemViewSet, basename="monitoringitem")
router.register(
    "monitoring-purchases", views.MonitoringPurchaseViewSet, basename="monitoringpurchase"
)
router.register("monitoring-results", views.MonitoringResultViewSet, basename="monitoringresult")
urlpatterns = router.urls
