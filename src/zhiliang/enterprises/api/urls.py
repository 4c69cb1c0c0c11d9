from rest_framework.routers import DefaultRouter

from zhiliang.enterprises.api import views

router = DefaultRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
urlpatterns = router.urls
