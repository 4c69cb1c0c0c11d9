from django.urls import path

from zhiliang.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/run/", views.scheme_run, name="run"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("results/<int:pk>/publish/", views.result_publish, name="publish"),
    path("results/<int:pk>/report.<slug:fmt>", views.result_export, name="export"),
    path("scores/<int:pk>/decide/", views.score_decide, name="decide"),
    path("scores/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("plans/<int:plan_pk>/targets/", views.target_board, name="targets"),
    path("targets/<int:pk>/link/", views.target_link, name="link"),
]
