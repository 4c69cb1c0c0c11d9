from rest_framework.routers import DefaultRouter

from zhiliang.earlywarning.api import views

router = DefaultRouter()
router.register("risk-assessments", views.RiskAssessmentViewSet, basename="riskassessment")
router.register("risk-warnings", views.RiskWarningViewSet, basename="riskwarning")
router.register("cards", views.CardViewSet, basename="card")
router.register("warning-actions", views.ActionViewSet, basename="action")
urlpatterns = router.urls
