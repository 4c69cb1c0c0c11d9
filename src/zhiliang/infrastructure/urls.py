from django.urls import path

from zhiliang.core.record_pages import EDITABLE, record_urls
from zhiliang.infrastructure import views

app_name = "infrastructure"
urlpatterns = [
    *record_urls(
        views,
        "Laboratory",
        "testing-bodies/",
        name="laboratory",
        plural="laboratories",
        sep="_",
        pages=EDITABLE,
    ),
    *record_urls(views, "Notice", "tbt/", name="notice", sep="_", pages=EDITABLE),
    path("tbt/<int:pk>/comment/", views.CommentSave.as_view(), name="comment_save"),
    *record_urls(
        views,
        "Appointment",
        "cqo/",
        name="officer",
        sep="_",
        actions=["end"],
        pages=("list", "new", "detail", "edit"),
    ),
    path("cqo/<int:pk>/training/", views.TrainingSave.as_view(), name="training_save"),
    path("cqo/trainings/<int:pk>/delete/", views.TrainingDelete.as_view(), name="training_delete"),
]
