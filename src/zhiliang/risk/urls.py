from django.urls import path

from zhiliang.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.RiskPage.as_view(), name="page"),
    path("signals/", views.SignalList.as_view(), name="signals"),
    path("signals/<int:pk>/", views.SignalDetail.as_view(), name="signal"),
    path("information/", views.RiskInformationList.as_view(), name="information"),
    path("information/new/", views.RiskInformationNew.as_view(), name="information-new"),
    path(
        "information/<int:pk>/",
        views.RiskInformationDetail.as_view(),
        name="information-detail",
    ),
]
