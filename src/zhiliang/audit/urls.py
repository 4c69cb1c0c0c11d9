from django.urls import path

from zhiliang.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.Trail.as_view(), name="trail"),
    path("export.xlsx", views.TrailExport.as_view(), name="trail-export"),
]
