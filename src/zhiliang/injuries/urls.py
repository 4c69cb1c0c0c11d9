from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.injuries import views

HOSPITAL = {"name": "hospital", "sep": "_", "pages": CREATED}

app_name = "injuries"
urlpatterns = [
    *record_urls(views, "Case", name="case", sep="_", pages=CREATED),
    *record_urls(views, "Hospital", "hospitals/", **HOSPITAL, actions=["correct"]),
    path("estimates/", views.Estimates.as_view(), name="estimates"),
]
