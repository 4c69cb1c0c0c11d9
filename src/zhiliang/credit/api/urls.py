from rest_framework.routers import DefaultRouter

from zhiliang.credit.api import views

router = DefaultRouter()
router.register("credit-records", views.CreditRecordViewSet, basename="creditrecord")
router.register("credit-classes", views.CreditClassViewSet, basename="creditclass")
urlpatterns = router.urls
