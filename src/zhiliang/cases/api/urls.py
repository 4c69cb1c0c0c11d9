from rest_framework.routers import DefaultRouter

from zhiliang.cases.api import views

router = DefaultRouter()
router.register("accidents", views.AccidentViewSet, basename="accident")
router.register("recalls", views.RecallViewSet, basename="recall")
router.register("cases", views.CaseViewSet, basename="case")
urlpatterns = router.urls
