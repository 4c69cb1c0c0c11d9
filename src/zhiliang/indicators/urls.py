from django.urls import path

from zhiliang.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.Catalogue.as_view(), name="catalogue"),
    path("runs/", views.Runs.as_view(), name="runs"),
    path("runs/start/", views.RunStart.as_view(), name="run-start"),
    path("reported/", views.ReportedList.as_view(), name="reported"),
    path("reported/new/", views.reported_new, name="reported-new"),
    path("reported/<int:pk>/attachment/", views.reported_attachment, name="reported-attachment"),
    path("<str:code>/", views.Explorer.as_view(), name="explorer"),
    path("<str:code>/export.xlsx", views.explorer_export, name="export"),
]
