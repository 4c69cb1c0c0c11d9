from django.urls import path

from zhiliang.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.ClassList.as_view(), name="classes"),
    path("<int:pk>/", views.ClassDetail.as_view(), name="class"),
    path("<int:pk>/override/", views.ClassOverride.as_view(), name="class-override"),
    path("<int:pk>/override/end/", views.ClassOverrideEnd.as_view(), name="class-override-end"),
    path("records/", views.RecordList.as_view(), name="records"),
    path("backtest/", views.Backtest.as_view(), name="backtest"),
]
