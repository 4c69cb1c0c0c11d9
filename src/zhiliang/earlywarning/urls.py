from django.urls import path

from zhiliang.earlywarning import views

app_name = "warnings"
urlpatterns = [
    path("list/", views.WarningList.as_view(), name="warnings"),
    path("new/", views.WarningNew.as_view(), name="warning-new"),
    path("<int:pk>/", views.WarningDetail.as_view(), name="warning"),
    path("<int:pk>/publish/", views.WarningPublish.as_view(), name="warning-publish"),
    path("<int:pk>/withdraw/", views.WarningWithdraw.as_view(), name="warning-withdraw"),
    path("<int:pk>/notice.docx", views.WarningDocx.as_view(), name="warning-docx"),
    path("<int:pk>/act/<str:kind>/", views.WarningAct.as_view(), name="warning-act"),
    path("assessments/", views.AssessmentList.as_view(), name="assessments"),
    path("assessments/new/", views.AssessmentNew.as_view(), name="assessment-new"),
    path("assessments/<int:pk>/", views.AssessmentDetail.as_view(), name="assessment"),
    path(
        "assessments/<int:pk>/decide/", views.AssessmentDecide.as_view(), name="assessment-decide"
    ),
    path("cards/", views.CardList.as_view(), name="cards"),
    path("cards/new/", views.CardNew.as_view(), name="card-new"),
    path("cards/<int:pk>/", views.CardDetail.as_view(), name="card"),
    path("cards/<int:pk>/lift/", views.CardLift.as_view(), name="card-lift"),
    path("cards/<int:pk>/act/<str:kind>/", views.CardAct.as_view(), name="card-act"),
    path("actions/", views.ActionList.as_view(), name="actions"),
]
