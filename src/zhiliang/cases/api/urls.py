from rest_framework.routers import DefaultRouter

from zhiliang.cases.api import foreign, views

router = DefaultRouter()
router.register("accidents", views.AccidentViewSet, basename="accident")
router.register("recalls", views.RecallViewSet, basename="recall")
router.register("cases", views.CaseViewSet, basename="case")
router.register("foreign-recalls", foreign.ForeignRecallViewSet, basename="foreignrecall")
router.register("foreign-recall-matches", foreign.ForeignMatchViewSet, basename="foreignmatch")
urlpatterns = router.urls
