from rest_framework.routers import DefaultRouter

from zhiliang.equipment.api import views

router = DefaultRouter()
router.register("equipment-units", views.EquipmentUnitViewSet, basename="equipmentunit")
router.register(
    "periodic-inspections", views.PeriodicInspectionViewSet, basename="periodicinspection"
)
router.register("operators", views.OperatorViewSet, basename="operator")
urlpatterns = router.urls
