from django.urls import path

from zhiliang.core.record_pages import record_urls
from zhiliang.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.RiskPage.as_view(), name="page"),
    *record_urls(views, "Signal", "signals/", name="signal"),
    *record_urls(
        views,
        "RiskInformation",
        "information/",
        name="information",
        pages=("list", "new", "detail"),
        names={"list": "information", "detail": "information-detail"},
    ),
]
