from django.urls import path

from zhiliang.core.record_pages import record_urls
from zhiliang.credit import views

app_name = "credit"
urlpatterns = [
    *record_urls(views, "Class", name="class", plural="classes", actions=["override"]),
    path("<int:pk>/override/end/", views.ClassOverrideEnd.as_view(), name="class-override-end"),
    path("records/", views.RecordList.as_view(), name="records"),
    path("backtest/", views.Backtest.as_view(), name="backtest"),
]
