from django.urls import path

from zhiliang.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanList.as_view(), name="list"),
    path("new/", views.plan_new, name="new"),
    path("confirm/", views.plan_confirm, name="confirm"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/tasks.<slug:fmt>", views.plan_export, name="export"),
    path("tasks/", views.TaskList.as_view(), name="tasks"),
    path("tasks/<int:pk>/", views.TaskDetail.as_view(), name="task"),
    path("reports/<int:report_pk>/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:task_pk>/report/", views.report_new, name="report"),
    path("notices/", views.NoticeList.as_view(), name="notices"),
    path("notices/<int:pk>/<slug:action>/", views.notice_action, name="notice-action"),
]
