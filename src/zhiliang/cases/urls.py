from django.urls import path

from zhiliang.cases import foreign_views, recall_views, views

app_name = "cases"
urlpatterns = [
    path("", views.CaseList.as_view(), name="list"),
    path("timer/", views.TimerPage.as_view(), name="timer"),
    path("accidents/", views.AccidentList.as_view(), name="accidents"),
    path("accidents/new/", views.AccidentNew.as_view(), name="accident-new"),
    path("supervised/", views.SupervisedList.as_view(), name="supervised"),
    path("supervised/new/", views.SupervisedNew.as_view(), name="supervised-new"),
    path("recalls/", recall_views.RecallList.as_view(), name="recalls"),
    path("recalls/new/", recall_views.RecallNew.as_view(), name="recall-new"),
    path("foreign/", foreign_views.ForeignRecallList.as_view(), name="foreign-list"),
    path("foreign/new/", foreign_views.ForeignRecallNew.as_view(), name="foreign-new"),
    path("foreign/<int:pk>/", foreign_views.ForeignRecallDetail.as_view(), name="foreign"),
    path(
        "foreign/matches/<int:pk>/decide/",
        foreign_views.MatchDecide.as_view(),
        name="foreign-decide",
    ),
    path(
        "foreign/matches/<int:pk>/recall/",
        foreign_views.MatchOpenRecall.as_view(),
        name="foreign-open-recall",
    ),
    path(
        "foreign/matches/<int:pk>/risk/", foreign_views.MatchToRisk.as_view(), name="foreign-risk"
    ),
    path("<int:pk>/report/", recall_views.RecallReportAdd.as_view(), name="recall-report"),
    path("<int:pk>/", views.CaseDetail.as_view(), name="detail"),
    path("<int:pk>/advance/", views.CaseAdvance.as_view(), name="advance"),
    path("<int:pk>/event/", views.CaseEvent.as_view(), name="event"),
    path("<int:pk>/interviews/", views.InterviewAdd.as_view(), name="interview-add"),
    path(
        "<int:pk>/interviews/<int:item>/check/",
        views.InterviewCheck.as_view(),
        name="interview-check",
    ),
    path(
        "<int:pk>/deadlines/<int:item>/extend/",
        views.DeadlineExtend.as_view(),
        name="deadline-extend",
    ),
    path("<int:pk>/documents/", views.DocumentAdd.as_view(), name="document-add"),
    path("<int:pk>/documents/<int:item>/", views.DocumentDownload.as_view(), name="document"),
]
