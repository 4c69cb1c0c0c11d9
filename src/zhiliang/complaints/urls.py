from django.urls import path

from zhiliang.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.ComplaintList.as_view(), name="list"),
    path("new/", views.ComplaintNew.as_view(), name="new"),
    path("<int:pk>/", views.ComplaintDetail.as_view(), name="detail"),
    path("<int:pk>/correct/", views.ComplaintCorrect.as_view(), name="correct"),
    path("<int:pk>/accept/", views.ComplaintAccept.as_view(), name="accept"),
    path("<int:pk>/close/", views.ComplaintClose.as_view(), name="close"),
]
