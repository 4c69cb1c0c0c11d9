from rest_framework.routers import DefaultRouter

from zhiliang.indicators.api import views

router = DefaultRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicatorvalue")
router.register("reported-values", views.ReportedValueViewSet, basename="reportedvalue")
router.register("indicator-runs", views.ComputeRunViewSet, basename="computerun")
urlpatterns = router.urls
