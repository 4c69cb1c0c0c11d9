from rest_framework.routers import DefaultRouter

from zhiliang.core.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("tokens", views.ApiTokenViewSet, basename="apitoken")
urlpatterns = router.urls
