from rest_framework.routers import DefaultRouter

from zhiliang.inspections.api import views

router = DefaultRouter()
router.register("inspectors", views.InspectorViewSet, basename="inspector")
router.register("inspector-conflicts", views.InspectorConflictViewSet, basename="inspectorconflict")
router.register("sampling-plans", views.SamplingPlanViewSet, basename="samplingplan")
router.register("draws", views.DrawViewSet, basename="draw")
router.register("samples", views.SampleViewSet, basename="sample")
router.register("follow-ups", views.FollowUpViewSet, basename="followup")
urlpatterns = router.urls
