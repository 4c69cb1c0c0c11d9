from rest_framework.routers import DefaultRouter

from zhiliang.assessments.api import views

router = DefaultRouter()
router.register("target-links", views.TargetLinkViewSet, basename="targetlink")
router.register("assessment-schemes", views.AssessmentSchemeViewSet, basename="assessmentscheme")
router.register("assessment-results", views.AssessmentResultViewSet, basename="assessmentresult")
router.register("assessment-item-scores", views.ItemScoreViewSet, basename="itemscore")
urlpatterns = router.urls
