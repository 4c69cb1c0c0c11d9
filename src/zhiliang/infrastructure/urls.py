from django.urls import path

from zhiliang.infrastructure import views

app_name = "infrastructure"
urlpatterns = [
    path("testing-bodies/", views.LaboratoryList.as_view(), name="laboratories"),
    path("testing-bodies/new/", views.LaboratoryNew.as_view(), name="laboratory_new"),
    path("testing-bodies/<int:pk>/", views.LaboratoryDetail.as_view(), name="laboratory"),
    path("testing-bodies/<int:pk>/edit/", views.LaboratoryEdit.as_view(), name="laboratory_edit"),
    path(
        "testing-bodies/<int:pk>/delete/",
        views.LaboratoryDelete.as_view(),
        name="laboratory_delete",
    ),  # fmt: skip
    path("tbt/", views.NoticeList.as_view(), name="notices"),
    path("tbt/new/", views.NoticeNew.as_view(), name="notice_new"),
    path("tbt/<int:pk>/", views.NoticeDetail.as_view(), name="notice"),
    path("tbt/<int:pk>/edit/", views.NoticeEdit.as_view(), name="notice_edit"),
    path("tbt/<int:pk>/delete/", views.NoticeDelete.as_view(), name="notice_delete"),
    path("tbt/<int:pk>/comment/", views.CommentSave.as_view(), name="comment_save"),
    path("cqo/", views.AppointmentList.as_view(), name="officers"),
    path("cqo/new/", views.AppointmentNew.as_view(), name="officer_new"),
    path("cqo/<int:pk>/", views.AppointmentDetail.as_view(), name="officer"),
    path("cqo/<int:pk>/edit/", views.AppointmentEdit.as_view(), name="officer_edit"),
    path("cqo/<int:pk>/training/", views.TrainingSave.as_view(), name="training_save"),
    path("cqo/trainings/<int:pk>/delete/", views.TrainingDelete.as_view(), name="training_delete"),
    path("cqo/<int:pk>/end/", views.AppointmentEnd.as_view(), name="officer_end"),
]
