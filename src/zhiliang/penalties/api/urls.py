from rest_framework.routers import DefaultRouter

from zhiliang.penalties.api import views

router = DefaultRouter()
router.register("penalties", views.PenaltyViewSet, basename="penalty")
router.register("abnormal-listings", views.AbnormalListingViewSet, basename="abnormallisting")
urlpatterns = router.urls
