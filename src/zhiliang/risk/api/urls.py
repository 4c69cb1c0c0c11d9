from rest_framework.routers import DefaultRouter

from zhiliang.risk.api import views

router = DefaultRouter()
router.register("risk-information", views.RiskInformationViewSet, basename="riskinformation")
router.register("signals", views.SignalViewSet, basename="signal")
urlpatterns = router.urls
