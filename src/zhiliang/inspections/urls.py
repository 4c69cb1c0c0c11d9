from django.urls import path
from django.views.generic import RedirectView

from zhiliang.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/quotas/", views.quota_set, name="quota-set"),
    path("plans/<int:pk>/draw/", views.draw_run, name="draw-run"),
    path("draws/", views.DrawList.as_view(), name="draws"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("draws/<int:pk>/verify/", views.draw_verify, name="draw-verify"),
    path("draws/<int:pk>/publish/", views.draw_publish, name="draw-publish"),
    path("draws/<int:pk>/discard/", views.draw_discard, name="draw-discard"),
    path("samples/", views.sample_list, name="samples"),
    path("samples/results.xlsx", views.sample_export, name="samples-export"),
    path("samples/new/", views.sample_new, name="sample-new"),
    path("samples/lab-results.xlsx", views.result_template, name="result-template"),
    path("samples/<int:pk>/", views.sample_detail, name="sample"),
    path("samples/<int:pk>/edit/", views.sample_edit, name="sample-edit"),
    path("samples/<int:pk>/publish/", views.sample_publish, name="sample-publish"),
    path("samples/<int:pk>/follow-up/", views.followup_open, name="followup-open"),
    path("follow-ups/", views.followup_board, name="followups"),
    path("follow-ups/<int:pk>/", views.followup_detail, name="followup"),
    path("follow-ups/steps/<int:pk>/evidence/", views.step_evidence, name="step-evidence"),
    path("inspectors/", views.inspector_list, name="inspectors"),
    path("inspectors/new/", views.inspector_new, name="inspector-new"),
    path("inspectors/<int:pk>/", views.inspector_detail, name="inspector"),
    path("inspectors/<int:pk>/edit/", views.inspector_edit, name="inspector-edit"),
    path("statistics/", views.statistics, name="statistics"),
    # The public results moved under /public/ (public:sampling); the old address redirects.
    path(
        "public/",
        RedirectView.as_view(pattern_name="public:sampling", query_string=True),
        name="public",
    ),
]
