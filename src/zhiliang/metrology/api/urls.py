from rest_framework.routers import DefaultRouter

from zhiliang.metrology.api import views

router = DefaultRouter()
router.register("metrology-campaigns", views.CampaignViewSet, basename="campaign")
router.register("metrology-checks", views.CheckViewSet, basename="metrologycheck")
router.register("energy-units", views.EnergyUnitViewSet, basename="energyunit")
urlpatterns = router.urls
