from django.urls import path

from zhiliang.core.record_pages import EDITABLE, record_urls
from zhiliang.infrastructure import views

LABORATORY = {"name": "laboratory", "sep": "_", "pages": EDITABLE}
KEPT = ("list", "new", "detail", "edit")  # an appointment is ended, not deleted

app_name = "infrastructure"
urlpatterns = [
    *record_urls(views, "Laboratory", "testing-bodies/", plural="laboratories", **LABORATORY),
    *record_urls(views, "Notice", "tbt/", name="notice", sep="_", pages=EDITABLE),
    path("tbt/<int:pk>/comment/", views.CommentSave.as_view(), name="comment_save"),
    *record_urls(
        views, "Appointment", "cqo/", name="officer", sep="_", pages=KEPT, actions=["end"]
    ),
    path("cqo/<int:pk>/training/", views.TrainingSave.as_view(), name="training_save"),
    path("cqo/trainings/<int:pk>/delete/", views.TrainingDelete.as_view(), name="training_delete"),
]
