from rest_framework.routers import DefaultRouter

from zhiliang.infrastructure.api import views

router = DefaultRouter()
router.register("testing-bodies", views.LaboratoryViewSet, basename="laboratory")
router.register("tbt-notifications", views.NoticeViewSet, basename="tbtnotice")
router.register("tbt-comments", views.CommentViewSet, basename="tbtcomment")
router.register("cqo-appointments", views.AppointmentViewSet, basename="cqoappointment")
router.register("cqo-trainings", views.TrainingViewSet, basename="cqotraining")
urlpatterns = router.urls
