from django.urls import path

from zhiliang.plans import edit_views, views

app_name = "plans"
urlpatterns = [
    path("", views.PlanList.as_view(), name="list"),
    path("new/", views.plan_new, name="new"),
    path("confirm/", views.plan_confirm, name="confirm"),
    path("review/selection/", views.review_selection, name="review-selection"),
    path("<int:pk>/source/", views.plan_source, name="source"),
    path("<int:pk>/source/file/", views.plan_source_file, name="source-file"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/tasks.<slug:fmt>", views.plan_export, name="export"),
    path("<int:pk>/edit/", edit_views.plan_edit, name="edit"),
    path("<int:pk>/adopt/", edit_views.plan_adopt, name="adopt"),
    path("<int:plan_pk>/tasks/add/", edit_views.task_edit, name="task-add"),
    path("<int:pk>/<slug:kind>s/add/", edit_views.item_save, name="item-add"),
    path("<int:pk>/<slug:kind>s/<int:item_pk>/", edit_views.item_save, name="item-save"),
    path("<int:pk>/<slug:kind>s/<int:item_pk>/delete/", edit_views.item_delete, name="item-delete"),
    path("tasks/<int:pk>/edit/", edit_views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/delete/", edit_views.task_delete, name="task-delete"),
    path("tasks/", views.TaskList.as_view(), name="tasks"),
    path("tasks/<int:pk>/", views.TaskDetail.as_view(), name="task"),
    path("reports/<int:report_pk>/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:task_pk>/report/", views.report_new, name="report"),
    path("notices/", views.NoticeList.as_view(), name="notices"),
    path("notices/<int:pk>/<slug:action>/", views.notice_action, name="notice-action"),
]
