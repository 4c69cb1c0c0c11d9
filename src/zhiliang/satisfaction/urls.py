from django.urls import path

from zhiliang.satisfaction import views

app_name = "satisfaction"
urlpatterns = [
    path("", views.SurveyList.as_view(), name="list"),
    path("new/", views.SurveyNew.as_view(), name="new"),
    path("<int:pk>/", views.SurveyDetail.as_view(), name="detail"),
    path("responses/", views.ResponseList.as_view(), name="responses"),
]
