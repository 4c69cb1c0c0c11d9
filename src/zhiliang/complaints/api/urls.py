from rest_framework.routers import DefaultRouter

from zhiliang.complaints.api import views

router = DefaultRouter()
router.register("complaints", views.ComplaintViewSet, basename="complaint")
urlpatterns = router.urls
