from django.urls import path

from zhiliang.licensing import views

app_name = "licensing"
urlpatterns = [
    path("", views.certificate_list, name="certificates"),
    path("certificates/export.xlsx", views.certificate_export, name="certificate-export"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/status/", views.certificate_status, name="certificate-status"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/export.xlsx", views.instrument_export, name="instrument-export"),
    path("instruments/catalogue/", views.instrument_catalogue, name="instrument-catalogue"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument"),
    path("instruments/<int:pk>/verify/", views.instrument_verify, name="instrument-verify"),
    path("field-list.xlsx", views.field_list, name="field-list"),
]
