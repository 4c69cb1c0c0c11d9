from rest_framework.routers import DefaultRouter

from zhiliang.penalties.api import serious, views

router = DefaultRouter()
router.register("penalties", views.PenaltyViewSet, basename="penalty")
router.register("abnormal-listings", views.AbnormalListingViewSet, basename="abnormallisting")
router.register("serious-violations", serious.SeriousViolationViewSet, basename="seriousviolation")
router.register("penalty-repairs", serious.PenaltyRepairViewSet, basename="penaltyrepair")
urlpatterns = router.urls
