from django.urls import path

from zhiliang.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.ImportList.as_view(), name="list"),
    path("new/<slug:kind>/", views.import_new, name="new"),
    path("new/<slug:kind>/template.xlsx", views.import_template, name="template"),
    path("<uuid:pk>/", views.import_detail, name="detail"),
    path("<uuid:pk>/status/", views.BatchStatus.as_view(), name="status"),
    path("<uuid:pk>/commit/", views.ImportCommit.as_view(), name="commit"),
    path("<uuid:pk>/cancel/", views.ImportCancel.as_view(), name="cancel"),
    path("<uuid:pk>/rejected.xlsx", views.import_rejected, name="rejected"),
]
