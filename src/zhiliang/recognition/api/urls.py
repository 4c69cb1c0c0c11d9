from rest_framework.routers import DefaultRouter

from zhiliang.recognition.api import views

router = DefaultRouter()
router.register("recognition-experts", views.ExpertViewSet, basename="expert")
router.register("recognition-rounds", views.RoundViewSet, basename="recognitionround")
router.register(
    "recognition-applications", views.ApplicationViewSet, basename="recognitionapplication"
)
router.register("recognition-holders", views.HolderViewSet, basename="holder")
urlpatterns = router.urls
