from rest_framework.routers import DefaultRouter

from zhiliang.satisfaction.api import views

router = DefaultRouter()
router.register("satisfaction-surveys", views.SurveyViewSet, basename="survey")
router.register("satisfaction-responses", views.ResponseViewSet, basename="surveyresponse")
urlpatterns = router.urls
