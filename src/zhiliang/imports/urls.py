from django.urls import path

from zhiliang.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("new/<slug:kind>/", views.import_new, name="new"),
    path("new/<slug:kind>/template.xlsx", views.import_template, name="template"),
    path("<uuid:pk>/", views.import_detail, name="detail"),
    path("<uuid:pk>/status/", views.import_status, name="status"),
    path("<uuid:pk>/commit/", views.import_commit, name="commit"),
    path("<uuid:pk>/cancel/", views.import_cancel, name="cancel"),
    path("<uuid:pk>/rejected.xlsx", views.import_rejected, name="rejected"),
]
