from django.urls import path

from zhiliang.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("runs/", views.runs, name="runs"),
    path("runs/start/", views.run_start, name="run-start"),
    path("reported/", views.reported_list, name="reported"),
    path("reported/new/", views.reported_new, name="reported-new"),
    path("reported/<int:pk>/attachment/", views.reported_attachment, name="reported-attachment"),
    path("<str:code>/", views.explorer, name="explorer"),
    path("<str:code>/export.xlsx", views.explorer_export, name="export"),
]
