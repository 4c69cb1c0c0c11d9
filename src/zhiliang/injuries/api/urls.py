from rest_framework.routers import DefaultRouter

from zhiliang.injuries.api import views

router = DefaultRouter()
router.register("sentinel-hospitals", views.SentinelHospitalViewSet, basename="sentinelhospital")
router.register("injury-cases", views.InjuryCaseViewSet, basename="injurycase")
urlpatterns = router.urls
