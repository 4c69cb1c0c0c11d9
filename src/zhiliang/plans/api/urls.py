from rest_framework.routers import DefaultRouter

from zhiliang.plans.api import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("phases", views.PhaseViewSet, basename="phase")
router.register("targets", views.TargetViewSet, basename="target")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("notices", views.SupervisionNoticeViewSet, basename="supervisionnotice")
urlpatterns = router.urls
