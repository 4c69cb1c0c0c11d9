from rest_framework.routers import DefaultRouter

from zhiliang.standards.api import views

router = DefaultRouter()
router.register("standards", views.StandardViewSet, basename="standard")
router.register("enterprise-standards", views.EnterpriseStandardViewSet,
                basename="enterprisestandard")  # fmt: skip
router.register("standard-adoptions", views.AdoptionViewSet, basename="standardadoption")
router.register("standard-draftings", views.DraftingViewSet, basename="standarddrafting")
router.register("standardisation-pilots", views.PilotViewSet, basename="standardpilot")
urlpatterns = router.urls
