from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.risk import views

INFORMATION = {
    "name": "information",
    "names": {"list": "information", "detail": "information-detail"},
}

app_name = "risk"
urlpatterns = [
    path("", views.RiskPage.as_view(), name="page"),
    *record_urls(views, "Signal", "signals/", name="signal"),
    *record_urls(views, "RiskInformation", "information/", pages=CREATED, **INFORMATION),
]
