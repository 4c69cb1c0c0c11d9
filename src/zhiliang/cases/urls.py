from django.urls import path

from zhiliang.cases import foreign_views as fv
from zhiliang.cases import recall_views, views
from zhiliang.core.record_pages import CREATED, record_urls

NEW = ("list", "new")  # a register of entries made here, each shown in the list
FOREIGN = {"list": "foreign-list", "recall": "foreign-open-recall"}
# MatchDecide, MatchOpenRecall, MatchToRisk
MATCH = ["decide", ("recall", "OpenRecall"), ("risk", "ToRisk")]

app_name = "cases"
urlpatterns = [
    *record_urls(views, "Case", actions=["advance", "event"]),
    path("timer/", views.TimerPage.as_view(), name="timer"),
    *record_urls(views, "Accident", "accidents/", name="accident", pages=NEW),
    *record_urls(
        views, "Supervised", "supervised/", name="supervised", plural="supervised", pages=NEW
    ),
    *record_urls(recall_views, "Recall", "recalls/", name="recall", pages=NEW),
    path("<int:pk>/report/", recall_views.RecallReportAdd.as_view(), name="recall-report"),
    *record_urls(fv, "ForeignRecall", "foreign/", name="foreign", pages=CREATED, names=FOREIGN),
    *record_urls(
        fv, "Match", "foreign/matches/", name="foreign", pages=(), actions=MATCH, names=FOREIGN
    ),
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
