from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.satisfaction import views

app_name = "satisfaction"
urlpatterns = [
    *record_urls(views, "Survey", pages=CREATED),
    path("responses/", views.ResponseList.as_view(), name="responses"),
]
