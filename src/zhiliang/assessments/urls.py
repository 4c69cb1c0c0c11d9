from django.urls import path

from zhiliang.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.SchemeList.as_view(), name="schemes"),
    path("schemes/<int:pk>/", views.SchemeDetail.as_view(), name="scheme"),
    path("schemes/<int:pk>/run/", views.SchemeRun.as_view(), name="run"),
    path("results/<int:pk>/", views.ResultDetail.as_view(), name="result"),
    path("results/<int:pk>/publish/", views.ResultPublish.as_view(), name="publish"),
    path("results/<int:pk>/report.<slug:fmt>", views.result_export, name="export"),
    path("scores/<int:pk>/decide/", views.ScoreDecide.as_view(), name="decide"),
    path("scores/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("plans/<int:plan_pk>/targets/", views.TargetBoard.as_view(), name="targets"),
    path("targets/<int:pk>/link/", views.TargetLink.as_view(), name="link"),
]
