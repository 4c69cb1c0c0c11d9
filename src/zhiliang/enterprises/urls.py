from django.urls import path

from zhiliang.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.EnterpriseList.as_view(), name="list"),
    path("export.xlsx", views.EnterpriseList.as_view(always_export=True), name="export"),
    path("<int:pk>/", views.EnterpriseDetail.as_view(), name="detail"),
    path(
        "<int:pk>/credit-report.docx", views.EnterpriseCreditReport.as_view(), name="credit-report"
    ),
]
