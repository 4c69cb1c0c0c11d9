from rest_framework.routers import DefaultRouter

from zhiliang.licensing.api import views

router = DefaultRouter()
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("certificate-kinds", views.CertificateKindViewSet, basename="certificate-kind")
router.register("instruments", views.InstrumentViewSet, basename="instrument")
router.register(
    "instrument-categories", views.InstrumentCategoryViewSet, basename="instrument-category"
)
router.register("verifications", views.VerificationViewSet, basename="verification")
urlpatterns = router.urls
