from django.urls import path

from zhiliang.licensing import views

app_name = "licensing"
urlpatterns = [
    path("", views.CertificateList.as_view(), name="certificates"),
    path(
        "certificates/export.xlsx",
        views.CertificateList.as_view(always_export=True),
        name="certificate-export",
    ),
    path("certificates/<int:pk>/", views.CertificateDetail.as_view(), name="certificate"),
    path(
        "certificates/<int:pk>/status/",
        views.CertificateStatus.as_view(),
        name="certificate-status",
    ),
    path("instruments/", views.InstrumentList.as_view(), name="instruments"),
    path(
        "instruments/export.xlsx",
        views.InstrumentList.as_view(always_export=True),
        name="instrument-export",
    ),
    path(
        "instruments/catalogue/", views.InstrumentCatalogue.as_view(), name="instrument-catalogue"
    ),
    path("instruments/<int:pk>/", views.InstrumentDetail.as_view(), name="instrument"),
    path(
        "instruments/<int:pk>/verify/", views.InstrumentVerify.as_view(), name="instrument-verify"
    ),
    path("field-list.xlsx", views.FieldList.as_view(), name="field-list"),
]
