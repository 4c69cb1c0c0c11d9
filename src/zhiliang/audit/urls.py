from django.urls import path

from zhiliang.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
    path("export.xlsx", views.trail_export, name="trail-export"),
]
